package org.parley.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
        S3FileStore s3 = new S3FileStore(new S3FileStore.Settings(
                settings.s3Endpoint() == null ? null : URI.create(settings.s3Endpoint()), settings.s3Region(),
                settings.s3Bucket(), settings.s3AccessKey(), settings.s3SecretKey(), settings.s3PathStyle()));
        try {
            s3.ensureBucket(); // the first start makes it; later ones find it
        } catch (IOException e) {
            s3.close();
            throw new UncheckedIOException("The S3 bucket is not reachable: " + e.getMessage(), e);
        }
        return s3;
    }

    public static FileLimits limits(Config.FileStorage settings) {
        FileLimits d = FileLimits.DEFAULTS;
        return new FileLimits(settings.maxFileBytes(), d.maxFilesPerMessage(),
                Math.max(d.maxMessageBytes(), settings.maxFileBytes()), settings.workspaceQuotaBytes(), d.linkTtl(),
                d.emailLinkTtl(), d.pendingTtl());
    }
}
