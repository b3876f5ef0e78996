package org.parley.contact;

import java.util.Map;

/** A person within one workspace: starts anonymous, gains name, email and attributes. */
public record Contact(String id, String workspaceId, String name, String email, Map<String, Object> attributes,
                      long createdAt, long updatedAt) {
}
