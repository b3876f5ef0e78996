package org.parley.file;

import java.util.Locale;
import org.parley.http.ApiError;
import org.parley.http.DisplayText;

/**
 * A client's file name made safe to store and show: no directories, no control or bidi characters (a name like
 * "invoice\u202Efdp.exe" must not read as a PDF), at most {@value #MAX} characters, and the extension of the type
 * the content turned out to be (a web page renamed photo.png is stored as photo.html).
 */
final class FileNames {
    static final int MAX = 200;

    private FileNames() {
    }

    static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiError.badRequest("Query parameter 'name' (the file's name) is required");
        }
        if (raw.length() > 1000) {
            throw ApiError.badRequest("Query parameter 'name' must be at most " + MAX + " characters");
        }
        String base = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        String name = DisplayText.clean(base).replaceAll("\\s+", " ").strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.isBlank()) {
            name = "file";
        }
        if (name.codePointCount(0, name.length()) > MAX) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX));
        }
        return name;
    }

    /** {@code name} with the extension {@code extension} (no dot), unless it already ends so (any case). */
    static String withExtension(String name, String extension) {
        if (extension == null || extension.isEmpty()) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String current = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        if (current.equals(extension) || (extension.equals("jpg") && current.equals("jpeg"))) {
            return name;
        }
        String stem = dot > 0 ? name.substring(0, dot) : name;
        int room = MAX - extension.length() - 1;
        return (stem.length() > room ? stem.substring(0, room) : stem) + "." + extension;
    }
}
