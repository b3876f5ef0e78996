package org.parley.identity;

public record Agent(String id, String workspaceId, String email, String name, Role role, boolean active, long createdAt) {
}
