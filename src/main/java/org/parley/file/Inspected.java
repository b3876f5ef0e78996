package org.parley.file;

import java.nio.file.Path;

/**
 * What {@link FileInspector} made of an upload: the type decided by the content, and the bytes to store (for an
 * image, the re-encoded copy without its metadata; otherwise the upload itself).
 *
 * @param contentType the MIME type to store and serve, from the allow-list (docs/files.md)
 * @param kind        "image" (re-encoded raster image, shown inline) or "file" (always served as a download)
 * @param body        the bytes to store; a file in the work directory (or the upload itself for kind "file")
 * @param size        the size of {@code body} in bytes
 * @param width       image width in pixels after re-encoding (null for files)
 * @param height      image height in pixels after re-encoding (null for files)
 * @param thumbnail   a small re-encoded copy for lists and bubbles (images only, else null)
 * @param thumbnailType the MIME type of the thumbnail (image/jpeg or image/png), null without one
 * @param extension   the extension matching {@code contentType}, without the dot ("jpg", "pdf"), for download names
 */
public record Inspected(String contentType, String kind, Path body, long size, Integer width, Integer height,
                        Path thumbnail, String thumbnailType, String extension) {
}
