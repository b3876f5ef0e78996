package org.parley.file;

import java.util.regex.Pattern;

/**
 * The one rule for storage keys, shared by both stores so a key valid on disk is valid in a bucket and back. Keys
 * are made by the file feature ({@code <workspace id>/<file id>}, {@code .thumb} appended for a thumbnail), so a key
 * outside the rule is a bug or an attack: it is refused, never cleaned up, because a "repaired" key could name
 * another workspace's file or a path outside the local root.
 */
final class FileKeys {
    /**
     * Segments of letters, digits, {@code _ . -}, not starting with a dot: this rules out {@code .} and {@code ..},
     * hidden files, and the names of {@link LocalFileStore}'s temporary files, which therefore can never be read or
     * overwritten through a key.
     */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");

    /** S3's limit for a key (in bytes; the allowed characters are all one byte). */
    private static final int MAX_LENGTH = 1024;

    private FileKeys() {
    }

    /** Returns {@code key} when it follows the rule; otherwise throws IllegalArgumentException naming the rule. */
    static String require(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a file key needs 1 to " + MAX_LENGTH + " characters");
        }
        // limit -1 keeps trailing empty segments, so "a/" and "a//b" are refused like "/a".
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                // The key itself stays out of the message: a refused key may carry line breaks into the logs.
                throw new IllegalArgumentException("a file key must be segments of [A-Za-z0-9_.-] separated by single"
                        + " slashes, none empty or starting with a dot");
            }
        }
        return key;
    }
}
