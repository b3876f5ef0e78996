package org.parley.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;
import org.parley.http.ApiError;

/**
 * Decides an upload's type from its bytes with Tika's magic detector (core only, no parsers). The file name is never
 * given to Tika: its name hint would let any unknown binary named a.pdf become a PDF. The name only picks between the
 * Office 97-2003 formats ({@link OfficeContainers}) and marks plain text as CSV; it can never turn one kind of content
 * into another.
 */
final class TypeDetector {
    private static final MediaType ZIP = MediaType.application("zip");
    private static final MediaType OLE2 = MediaType.application("x-tika-msoffice");
    private static final MediaType XHTML = MediaType.application("xhtml+xml");

    /** Names people understand for what is refused most often; Tika's descriptions fill in the rest. */
    private static final Map<String, String> REFUSED_NAMES = Map.of(
            "application/octet-stream", "unrecognised binary data",
            "application/x-msdownload", "a Windows program",
            "application/x-dosexec", "a Windows program",
            "application/x-executable", "a program",
            "application/x-sharedlib", "a program library",
            "application/x-mach-o-executable", "a macOS program",
            "application/zip", "a ZIP archive");

    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();
    private final MediaTypeRegistry registry = mimeTypes.getMediaTypeRegistry();

    /**
     * @return a type of the allow-list ({@link FileTypes})
     * @throws ApiError 415 {@code unsupported_type} naming what the upload is and what is accepted
     */
    String detect(Path upload, String fileName) {
        MediaType magic = sniff(upload);
        return decide(magic, upload, extensionOf(fileName))
                .orElseThrow(() -> new ApiError(415, "unsupported_type", "This file is " + describe(magic)
                        + ", which cannot be shared here. Accepted: " + FileTypes.ACCEPTED + "."));
    }

    private Optional<String> decide(MediaType magic, Path upload, String extension) {
        String type = magic.getBaseType().toString();
        for (String image : FileTypes.rasterImages()) {
            if (type.equals(image) || isA(magic, MediaType.parse(image))) {
                return Optional.of(image); // e.g. an animated PNG is still a PNG to decode
            }
        }
        if (type.equals(FileTypes.SVG) || isA(magic, MediaType.parse(FileTypes.SVG))) {
            return Optional.of(FileTypes.SVG);
        }
        if (type.equals(FileTypes.HTML) || isA(magic, MediaType.text("html")) || isA(magic, XHTML)) {
            return Optional.of(FileTypes.HTML);
        }
        if (type.equals(FileTypes.TEXT)) {
            return plainText(upload, extension);
        }
        if (FileTypes.isAllowed(type)) {
            return Optional.of(type); // PDF, RTF, OpenDocument (its mimetype entry is in the magic) and the like
        }
        if (type.equals(ZIP.toString()) || isA(magic, ZIP)) {
            return OfficeContainers.zipDocument(upload);
        }
        if (type.equals(OLE2.toString()) || isA(magic, OLE2)) {
            return OfficeContainers.ole2Document(extension);
        }
        if (isA(magic, MediaType.TEXT_PLAIN)) {
            // Scripts, XML, source code: text to Tika's magic, kept as plain text and served as a download.
            return plainText(upload, extension);
        }
        return Optional.empty();
    }

    /**
     * Text by the first bytes Tika looks at is not enough: a NUL anywhere means binary after all (a text header glued
     * on a program). UTF-16 text has NULs by nature and announces itself with a byte order mark.
     */
    private static Optional<String> plainText(Path upload, String extension) {
        try (InputStream in = Files.newInputStream(upload)) {
            byte[] buffer = new byte[64 * 1024];
            int read = in.read(buffer);
            if (read >= 2 && ((buffer[0] == (byte) 0xFF && buffer[1] == (byte) 0xFE)
                    || (buffer[0] == (byte) 0xFE && buffer[1] == (byte) 0xFF))) {
                return Optional.of(FileTypes.TEXT);
            }
            while (read > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == 0) {
                        return Optional.empty();
                    }
                }
                read = in.read(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of("csv".equals(extension) ? FileTypes.CSV : FileTypes.TEXT);
    }

    private MediaType sniff(Path upload) {
        try (TikaInputStream in = TikaInputStream.get(upload)) {
            // No resource name in the metadata: the verdict comes from the bytes alone.
            return mimeTypes.detect(in, new Metadata(), new ParseContext());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isA(MediaType type, MediaType ancestor) {
        return registry.isSpecializationOf(type.getBaseType(), ancestor);
    }

    private String describe(MediaType magic) {
        String type = magic.getBaseType().toString();
        String known = REFUSED_NAMES.get(type);
        if (known != null) {
            return known + " (" + type + ")";
        }
        try {
            MimeType mimeType = mimeTypes.forName(type);
            String description = mimeType.getDescription();
            if (description != null && !description.isBlank()) {
                return "of type " + description + " (" + type + ")";
            }
        } catch (MimeTypeException unknown) {
            // fall through to the bare type
        }
        return "of type " + type;
    }

    /** The lower-cased extension of the client's file name, without the dot; "" when it has none. */
    static String extensionOf(String fileName) {
        if (fileName == null) {
            return "";
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }
}
