package org.parley.identity;

/** An invitation to join a workspace's team; its token is shown once and stored as a digest. */
public record Invitation(String id, String workspaceId, String email, Role role, long createdAt, long expiresAt) {
}
