package org.parley.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Decides what an upload is from its bytes, never from its name or the client's Content-Type (docs/files.md):
 * the allow-list, images re-encoded without metadata and with a thumbnail, pixel floods refused.
 */
public final class FileInspector {
    /** Two images decoding at once: each may hold ~100 MB of pixels, and the machine has two cores. */
    private static final int CONCURRENT_DECODES = 2;
    private static final Duration DECODE_WAIT = Duration.ofSeconds(30);

    private final TypeDetector detector = new TypeDetector();
    private final ImageSanitizer images;

    public FileInspector() {
        this(CONCURRENT_DECODES, DECODE_WAIT);
    }

    /** For tests of the queue in front of the decoders. */
    FileInspector(int concurrentDecodes, Duration decodeWait) {
        this.images = new ImageSanitizer(concurrentDecodes, decodeWait);
    }

    /**
     * @param upload   the uploaded bytes, fully received and within the size limit
     * @param fileName the client's name for the file (a hint only, for container formats such as .doc)
     * @param workDir  a private directory for the files this makes; the caller deletes it afterwards
     * @throws org.parley.http.ApiError 415 {@code unsupported_type} for a type outside the allow-list, 422
     *         {@code invalid_image} for an image that cannot be decoded, 413 {@code image_too_large} past the pixel
     *         limit, 503 {@code busy} when no decoder frees up within 30 s
     */
    public Inspected inspect(Path upload, String fileName, Path workDir) {
        String type = detector.detect(upload, fileName);
        if (FileTypes.isRasterImage(type)) {
            return images.sanitize(upload, type, workDir);
        }
        // Everything else is stored as uploaded and only ever served as a download, SVG and HTML included.
        try {
            return new Inspected(type, "file", upload, Files.size(upload), null, null, null, null,
                    FileTypes.extension(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
