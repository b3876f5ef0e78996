package org.parley.bot;

/** A workspace's flow: its draft definition (JSON), its place in trigger order, and its newest published version. */
public record Flow(String id, String workspaceId, String name, int position, boolean enabled, String draft,
                   Integer publishedVersion, Long publishedAt, long createdAt, long updatedAt) {
}
