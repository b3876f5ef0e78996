package org.parley.canned;

/** A saved reply of a workspace, inserted by its shortcut. {@code createdBy} is an agent or API key id. */
public record CannedResponse(String id, String workspaceId, String shortcut, String title, String text,
                             String createdBy, long createdAt, long updatedAt) {
}
