package org.parley.file;

import java.util.Map;
import java.util.Set;

/**
 * The allow-list of uploads (docs/files.md): each accepted MIME type with the extension its downloads get. Raster
 * images are re-encoded and shown inline; everything else, including the "inert" SVG and HTML that a browser would
 * run scripts in, is only ever served as a download.
 */
final class FileTypes {
    static final String JPEG = "image/jpeg";
    static final String PNG = "image/png";
    static final String GIF = "image/gif";
    static final String WEBP = "image/webp";
    static final String SVG = "image/svg+xml";
    static final String HTML = "text/html";
    static final String PDF = "application/pdf";
    static final String TEXT = "text/plain";
    static final String CSV = "text/csv";
    static final String RTF = "application/rtf";
    static final String DOC = "application/msword";
    static final String XLS = "application/vnd.ms-excel";
    static final String PPT = "application/vnd.ms-powerpoint";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    static final String ODT = "application/vnd.oasis.opendocument.text";
    static final String ODS = "application/vnd.oasis.opendocument.spreadsheet";
    static final String ODP = "application/vnd.oasis.opendocument.presentation";

    /** What the refusal of anything else tells the person uploading, in words they know. */
    static final String ACCEPTED = "photos and pictures (JPEG, PNG, GIF, WebP), PDF, plain text, CSV, RTF, "
            + "Word, Excel and PowerPoint documents (.doc, .docx, .xls, .xlsx, .ppt, .pptx) "
            + "and OpenDocument files (.odt, .ods, .odp)";

    private static final Set<String> RASTER_IMAGES = Set.of(JPEG, PNG, GIF, WEBP);

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry(JPEG, "jpg"), Map.entry(PNG, "png"), Map.entry(GIF, "gif"), Map.entry(WEBP, "webp"),
            Map.entry(SVG, "svg"), Map.entry(HTML, "html"), Map.entry(PDF, "pdf"), Map.entry(TEXT, "txt"),
            Map.entry(CSV, "csv"), Map.entry(RTF, "rtf"), Map.entry(DOC, "doc"), Map.entry(XLS, "xls"),
            Map.entry(PPT, "ppt"), Map.entry(DOCX, "docx"), Map.entry(XLSX, "xlsx"), Map.entry(PPTX, "pptx"),
            Map.entry(ODT, "odt"), Map.entry(ODS, "ods"), Map.entry(ODP, "odp"));

    private FileTypes() {
    }

    static Set<String> rasterImages() {
        return RASTER_IMAGES;
    }

    /** A raster image Parley decodes and re-encodes (the only kind shown inline). */
    static boolean isRasterImage(String type) {
        return RASTER_IMAGES.contains(type);
    }

    static boolean isAllowed(String type) {
        return EXTENSIONS.containsKey(type);
    }

    /** The extension without the dot, for download names; only for allowed types. */
    static String extension(String type) {
        String extension = EXTENSIONS.get(type);
        if (extension == null) {
            throw new IllegalArgumentException("not an allowed type: " + type);
        }
        return extension;
    }
}
