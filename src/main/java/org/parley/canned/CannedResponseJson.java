package org.parley.canned;

/** The wire shape of a canned response. */
public record CannedResponseJson(String id, String shortcut, String title, String text, long createdAt, long updatedAt) {
    public static CannedResponseJson of(CannedResponse r) {
        return new CannedResponseJson(r.id(), r.shortcut(), r.title(), r.text(), r.createdAt(), r.updatedAt());
    }
}
