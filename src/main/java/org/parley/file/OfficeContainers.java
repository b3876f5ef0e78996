package org.parley.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Office documents are containers: a .docx, .xlsx or .odt is a ZIP, a .doc, .xls or .ppt an OLE2 compound file, and
 * the magic bytes only say "ZIP" or "OLE2". Which document a ZIP holds is read from the ZIP itself (its own
 * declaration of what it is), so a plain archive renamed .docx stays an archive; the name decides only between the
 * three OLE2 formats, which Tika's core cannot tell apart without its parsers.
 */
final class OfficeContainers {
    /** Longest declaration read from an entry: the real ones are a few KB, and a bomb must not be inflated. */
    private static final int MAX_DECLARATION_BYTES = 256 * 1024;

    /** The main part's content type, as [Content_Types].xml declares it, for each accepted OOXML document. */
    private static final Map<String, String> OOXML_MAIN_PARTS = Map.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", FileTypes.DOCX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", FileTypes.XLSX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", FileTypes.PPTX);

    private static final Map<String, String> ODF_TYPES = Map.of(
            FileTypes.ODT, FileTypes.ODT, FileTypes.ODS, FileTypes.ODS, FileTypes.ODP, FileTypes.ODP);

    private static final Map<String, String> OLE2_BY_EXTENSION = Map.of(
            "doc", FileTypes.DOC, "xls", FileTypes.XLS, "ppt", FileTypes.PPT);

    private OfficeContainers() {
    }

    /**
     * The accepted document type a ZIP declares itself to be: OOXML by the main part in {@code [Content_Types].xml}
     * (macro-enabled and template variants declare other types and are not accepted), OpenDocument by its
     * {@code mimetype} entry. Empty for any other ZIP, or one that cannot be read.
     */
    static Optional<String> zipDocument(Path upload) {
        try (ZipFile zip = new ZipFile(upload.toFile())) {
            ZipEntry contentTypes = zip.getEntry("[Content_Types].xml");
            if (contentTypes != null) {
                String declared = readBounded(zip, contentTypes);
                return OOXML_MAIN_PARTS.entrySet().stream()
                        .filter(entry -> declared.contains(entry.getKey()))
                        .map(Map.Entry::getValue)
                        .findFirst();
            }
            ZipEntry mimetype = zip.getEntry("mimetype");
            if (mimetype != null) {
                return Optional.ofNullable(ODF_TYPES.get(readBounded(zip, mimetype).strip()));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            // A damaged or hostile archive is not a document we can vouch for; the caller refuses it.
            return Optional.empty();
        }
    }

    /** The Office 97-2003 format an OLE2 file's name claims (.doc, .xls, .ppt); empty for any other name. */
    static Optional<String> ole2Document(String extension) {
        return Optional.ofNullable(OLE2_BY_EXTENSION.get(extension));
    }

    private static String readBounded(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_DECLARATION_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
