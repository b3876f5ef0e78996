package org.parley.file;

import java.time.Duration;

/**
 * The limits of docs/files.md, from the PARLEY_FILE_* settings: bytes per file, files and bytes per message, bytes per
 * workspace (uploads pending or attached, not yet removed), and how long a signed link stays valid (the widget's
 * "open" links; emails' links last {@code emailLinkTtl}).
 */
public record FileLimits(long maxFileBytes, int maxFilesPerMessage, long maxMessageBytes, long workspaceQuotaBytes,
                         Duration linkTtl, Duration emailLinkTtl, Duration pendingTtl) {
    public static final FileLimits DEFAULTS = new FileLimits(10L << 20, 10, 25L << 20, 5L << 30,
            Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofHours(24));
}
