package org.parley.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bytes of uploaded files live (docs/files.md): the local disk under the data directory by default, or
 * an S3-compatible object store. Keys are made by the file feature ({@code <workspace id>/<file id>}, plus
 * {@code .thumb} for a thumbnail); metadata and authorisation live in the database, never here. A key outside
 * that shape (segments of {@code [A-Za-z0-9_.-]}, none empty or starting with a dot) is refused by every method with
 * an IllegalArgumentException. Both implementations pass one contract suite ({@code FileStoreContract}).
 */
public interface FileStore extends AutoCloseable {
    /**
     * Stores the whole file at {@code source} under {@code key}. A key is written once; when this returns, the bytes
     * are durable and {@link #open} returns them. A failure leaves nothing readable under the key.
     */
    void put(String key, Path source, String contentType) throws IOException;

    /** The stored bytes, streamed (the caller closes them); empty when nothing is stored under the key. */
    Optional<InputStream> open(String key) throws IOException;

    /** Removes the key; removing a key that is not there is not an error. */
    void delete(String key) throws IOException;

    /** "local" or "s3", for logs and the health page. */
    String kind();

    /** Releases the store's connections (S3); nothing to do for the disk. */
    @Override
    default void close() {
    }
}
