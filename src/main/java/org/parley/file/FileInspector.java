package org.parley.file;

import java.nio.file.Path;

/**
 * Decides what an upload is from its bytes, never from its name or the client's Content-Type (docs/files.md):
 * the allow-list, images re-encoded without metadata and with a thumbnail, pixel floods refused.
 * To be written (issue 16).
 */
public final class FileInspector {
    /**
     * @param upload   the uploaded bytes, fully received and within the size limit
     * @param fileName the client's name for the file (a hint only, for container formats such as .docx)
     * @param workDir  a private directory for the files this makes; the caller deletes it afterwards
     * @throws org.parley.http.ApiError 415 {@code unsupported_type} for a type outside the allow-list, 422
     *         {@code invalid_image} for an image that cannot be decoded, 413 {@code image_too_large} past the pixel limit
     */
    public Inspected inspect(Path upload, String fileName, Path workDir) {
        throw new UnsupportedOperationException("issue 16");
    }
}
