package org.parley.file;

/**
 * The wire shape of a file: the upload's answer and each entry of a message's {@code content.attachments}
 * (docs/files.md). No URL: clients fetch {@code /api/v1/files/{id}} with their own credentials.
 */
public record FileJson(String id, String name, String contentType, long size, String kind, Integer width,
                       Integer height, boolean hasThumbnail) {
    public static FileJson of(StoredFile f) {
        return new FileJson(f.id(), f.name(), f.contentType(), f.size(), f.kind(), f.width(), f.height(),
                f.thumbnailType() != null);
    }
}
