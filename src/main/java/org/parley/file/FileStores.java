package org.parley.file;

import java.nio.file.Path;
import org.parley.config.Config;

/** The configured store and limits (docs/files.md): local under the data directory unless PARLEY_S3_BUCKET is set. */
public final class FileStores {
    private FileStores() {
    }

    public static FileStore open(Config.FileStorage settings, Path dataDir) {
        if (!settings.s3()) {
            return new LocalFileStore(dataDir.resolve("files"));
        }
        throw new UnsupportedOperationException("S3: wired when S3FileStore lands");
    }

    public static FileLimits limits(Config.FileStorage settings) {
        FileLimits d = FileLimits.DEFAULTS;
        return new FileLimits(settings.maxFileBytes(), d.maxFilesPerMessage(),
                Math.max(d.maxMessageBytes(), settings.maxFileBytes()), settings.workspaceQuotaBytes(), d.linkTtl(),
                d.emailLinkTtl(), d.pendingTtl());
    }
}
