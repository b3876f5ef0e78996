package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the file feature relies on from any {@link FileStore}, run against the local disk ({@code LocalFileStoreIT})
 * and a real S3-compatible server ({@code S3FileStoreIT}): bytes come back exactly, large files stream, missing keys
 * read as empty, workspaces never see each other's files, and keys that could escape are refused.
 */
abstract class FileStoreContract {
    @TempDir
    Path work;

    /** A store for this test, empty, alive until the test ends (the subclass closes it). */
    protected abstract FileStore store();

    @Test
    void everyByteValueComesBackExactly() throws IOException {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String key = key(workspace(), fileId());
        store().put(key, file(bytes), "application/octet-stream");

        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void aTwentyMegabyteFileStreamsBackIntact() throws Exception {
        Path big = work.resolve("big.bin");
        MessageDigest written = sha256();
        Random random = new Random(16);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 20 * 16; i++) {
                random.nextBytes(chunk);
                written.update(chunk);
                out.write(chunk);
            }
        }
        String key = key(workspace(), fileId());
        store().put(key, big, "application/pdf");

        MessageDigest read = sha256();
        long size;
        try (InputStream in = new DigestInputStream(store().open(key).orElseThrow(), read)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(size).isEqualTo(20L * 1024 * 1024);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
    }

    @Test
    void aMissingKeyOpensEmpty() throws IOException {
        assertThat(store().open(key(workspace(), fileId()))).isEmpty();
    }

    @Test
    void aDeletedKeyOpensEmpty() throws IOException {
        String key = key(workspace(), fileId());
        store().put(key, file("doomed"), "text/plain");
        assertThat(read(key)).asString(StandardCharsets.UTF_8).isEqualTo("doomed");

        store().delete(key);

        assertThat(store().open(key)).isEmpty();
    }

    @Test
    void deletingAMissingKeyIsNotAnError() throws IOException {
        String key = key(workspace(), fileId());
        assertThatCode(() -> store().delete(key)).doesNotThrowAnyException();

        store().put(key, file("once"), "text/plain");
        store().delete(key);
        assertThatCode(() -> store().delete(key)).doesNotThrowAnyException();
    }

    @Test
    void twoWorkspacesNeverShareAFile() throws IOException {
        String fileId = fileId();
        String ours = key(workspace(), fileId);
        String theirs = key(workspace(), fileId);
        store().put(ours, file("ours"), "text/plain");
        store().put(theirs, file("theirs"), "text/plain");

        store().delete(theirs);

        assertThat(read(ours)).asString(StandardCharsets.UTF_8).isEqualTo("ours");
        assertThat(store().open(theirs)).isEmpty();
    }

    @Test
    void aThumbnailIsAKeyOfItsOwn() throws IOException {
        String key = key(workspace(), fileId());
        store().put(key, file("image"), "image/png");
        store().put(key + ".thumb", file("thumb"), "image/jpeg");

        assertThat(read(key)).asString(StandardCharsets.UTF_8).isEqualTo("image");
        assertThat(read(key + ".thumb")).asString(StandardCharsets.UTF_8).isEqualTo("thumb");
    }

    @Test
    void aPutFromAMissingSourceFailsAndStoresNothing() throws IOException {
        String key = key(workspace(), fileId());

        assertThatThrownBy(() -> store().put(key, work.resolve("never-written"), "text/plain"))
                .isInstanceOf(IOException.class);
        assertThat(store().open(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a//b", "a/../../b", "", "a/./b", "a/", "ws/.hidden", "a\\b", "a/b c",
            "ws/f\n"})
    void keysThatCouldEscapeAreRefused(String bad) throws IOException {
        Path source = file("x");

        assertThatThrownBy(() -> store().put(bad, source, "text/plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeysTheFileFeatureMakesAreAccepted() throws IOException {
        // A UUID workspace with a base64url file id, as the file feature makes them (ids may start with - or _).
        for (String key : List.of(key(workspace(), "f_AbC-_x"), key(workspace(), "-AbC_x.thumb"),
                key(workspace(), UUID.randomUUID().toString()))) {
            store().put(key, file(key), "text/plain");
            assertThat(read(key)).asString(StandardCharsets.UTF_8).isEqualTo(key);
        }
    }

    @Test
    void eightConcurrentPutsAreAllReadable() throws Exception {
        String workspace = workspace();
        List<String> keys = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(key(workspace, fileId()));
            sources.add(file(("file " + i + " ").repeat(10_000)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                puts.add(pool.submit(() -> {
                    store().put(keys.get(n), sources.get(n), "text/plain");
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(read(keys.get(i))).isEqualTo(Files.readAllBytes(sources.get(i)));
        }
    }

    /** The whole stored file, or a failure naming the key when nothing is stored. */
    protected byte[] read(String key) throws IOException {
        Optional<InputStream> stored = store().open(key);
        assertThat(stored).as("stored under %s", key).isPresent();
        try (InputStream in = stored.get()) {
            return in.readAllBytes();
        }
    }

    protected Path file(String text) throws IOException {
        return file(text.getBytes(StandardCharsets.UTF_8));
    }

    protected Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(work, "source", ".bin"), bytes);
    }

    protected static String workspace() {
        return UUID.randomUUID().toString();
    }

    /** A URL-safe base64 token like the file feature's ids. */
    protected static String fileId() {
        return "f_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    protected static String key(String workspace, String fileId) {
        return workspace + "/" + fileId;
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}
