package org.parley.identity;

/** A server-to-server credential of one workspace. Only its digest is stored; {@code prefix} identifies it in lists. */
public record ApiKey(String id, String workspaceId, String name, String prefix, long createdAt) {
}
