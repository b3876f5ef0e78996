package org.parley.contact;

import java.util.Map;

/** The wire shape of a contact. */
public record ContactJson(String id, String name, String email, Map<String, Object> attributes, long createdAt,
                          long updatedAt) {
    public static ContactJson of(Contact c) {
        return new ContactJson(c.id(), c.name(), c.email(), c.attributes(), c.createdAt(), c.updatedAt());
    }
}
