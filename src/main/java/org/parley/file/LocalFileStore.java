package org.parley.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Files on the local disk, one file per key under {@code root} ({@code root/<workspace id>/<file id>}), so a backup
 * of the data directory holds them. Writes go to a temporary file in {@code root/.tmp} (the same file system, a name
 * no key can reach: {@link FileKeys}), are fsynced, then renamed into place: a crash or a failing source never
 * leaves a partial file under a key. What a crash left in {@code .tmp} is removed when the store opens (FileCrashIT
 * found such leftovers beside the keys, when temporary files were written there).
 */
public final class LocalFileStore implements FileStore {
    private static final String TEMP_PREFIX = ".put-";

    private final Path root;
    private final Path temp;

    public LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.temp = this.root.resolve(".tmp");
        try {
            Files.createDirectories(temp);
            try (var left = Files.list(temp)) {
                for (Path file : left.toList()) {
                    Files.deleteIfExists(file); // a put that a crash interrupted; no key points at it
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot prepare the file store under " + this.root, e);
        }
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        Path target = resolve(key);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(this.temp, TEMP_PREFIX, ".tmp");
        try {
            try (InputStream in = Files.newInputStream(source);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // Streamed through a small buffer: a large upload never sits in memory.
                in.transferTo(Channels.newOutputStream(out));
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            // After the move there is nothing left to delete; after a failure this removes the partial copy.
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(new BufferedInputStream(Files.newInputStream(resolve(key))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes the file. An emptied workspace directory stays: removing it would race with a concurrent put into the
     * same workspace, which moves its file there.
     */
    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public String kind() {
        return "local";
    }

    private Path resolve(String key) {
        Path path = root.resolve(FileKeys.require(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            // Unreachable with FileKeys' rule; kept so a future change to the rule cannot open the rest of the disk.
            throw new IllegalArgumentException("a file key must stay under the store's root");
        }
        return path;
    }

    /**
     * Makes the rename itself durable (POSIX keeps directory entries in the directory's own blocks). Some systems
     * (Windows) cannot open a directory for this; there the rename is still atomic, only its durability is the
     * file system's.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here (see above): the file's own bytes were already forced.
        }
    }
}
