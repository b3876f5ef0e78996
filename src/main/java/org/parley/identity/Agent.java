package org.parley.identity;

/** An account's membership in one workspace: its name and role there; {@code email} is the account's. */
public record Agent(String id, String workspaceId, String email, String name, Role role, boolean active, long createdAt,
                    String accountId) {
}
