package org.parley.file;

/**
 * A file's row (V30): who uploaded it, where it is attached (null while pending), and what it is. Its bytes are in
 * the FileStore under {@code storageKey}; {@code removedAt} is set when retention took the bytes and kept the row.
 */
public record StoredFile(String id, String workspaceId, String uploaderType, String uploaderId, String conversationId,
                         String messageId, boolean isPrivate, String name, String contentType, String kind, long size,
                         Integer width, Integer height, String thumbnailType, String storageKey, String sha256,
                         long createdAt, Long attachedAt, Long removedAt) {
    public boolean pending() {
        return messageId == null;
    }

    public boolean isImage() {
        return "image".equals(kind);
    }

    String thumbnailKey() {
        return storageKey + ".thumb";
    }
}
