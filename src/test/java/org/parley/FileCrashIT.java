package org.parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.parley.testing.Http;

/**
 * kill -9 of the real process (target/parley.jar) with uploads in flight (docs/files.md): after a restart on the
 * same data directory, every upload that was answered 201 is there with its bytes, no temporary upload is left, and
 * every stored byte is accounted for (a row points at it, or its deletion is queued). Bounded: 40 uploads, 2 starts.
 */
class FileCrashIT {
    private static final int UPLOADS = 40;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Process start(Path jar, Path data, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("out.log").toFile()));
        builder.environment().putAll(Map.of("PARLEY_PORT", String.valueOf(port), "PARLEY_DATA_DIR", data.toString(),
                "PARLEY_BASE_URL", "http://127.0.0.1:" + port, "PARLEY_RATE_LIMITS", "off"));
        builder.environment().remove("PARLEY_DATABASE_URL");
        Process process = builder.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("the process started").isTrue();
            try {
                if (new Http("http://127.0.0.1:" + port).get("/health").status() == 200) {
                    return process;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no /health within 60 s");
    }

    /** Distinct text of about 300 KB: an accepted type, stored as sent, so its bytes can be compared. */
    static byte[] text(int i) {
        return ("upload " + i + " ").repeat(30_000).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyAnsweredUploadSurvivesAKillAndNoByteIsLeftUnaccounted() throws Exception {
        Path jar = Path.of("target/parley.jar");
        assumeTrue(Files.exists(jar), "target/parley.jar is built by `mvn package` (before the ITs of `mvn verify`)");
        Path data = Files.createTempDirectory("parley-file-crash");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Process first = start(jar, data, port);
        String token;
        Map<String, byte[]> answered = new java.util.concurrent.ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            JsonNode session = new Http(base).post("/api/v1/visitor/session",
                    Map.of("workspace_key", DemoWorkspace.WIDGET_KEY)).body();
            token = session.get("token").asText();
            Http visitor = new Http(base).bearer(token);
            List<CompletableFuture<Void>> uploads = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                byte[] bytes = text(i);
                uploads.add(CompletableFuture.runAsync(() -> {
                    try {
                        Http.Response r = visitor.upload("/api/v1/visitor/files?name=u.txt", bytes, false);
                        if (r.status() == 201) {
                            answered.put(r.body().get("id").asText(), bytes);
                        }
                    } catch (RuntimeException cut) {
                        // the process died under this upload
                    }
                }, clients));
            }
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (answered.size() < 5 && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(5);
            }
            first.destroyForcibly(); // kill -9 with uploads in flight
            first.waitFor(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(answered).as("some uploads were answered before the kill").hasSizeGreaterThanOrEqualTo(5);

        Process second = start(jar, data, port);
        try {
            Http visitor = new Http(base).bearer(token);
            for (Map.Entry<String, byte[]> upload : answered.entrySet()) {
                Http.Bytes got = visitor.getBytes("/api/v1/files/" + upload.getKey());
                assertThat(got.status()).as("answered upload " + upload.getKey()).isEqualTo(200);
                assertThat(got.body()).isEqualTo(upload.getValue());
            }
            try (Stream<Path> left = Files.list(Files.createDirectories(data.resolve("uploads")))) {
                assertThat(left.toList()).as("no temporary upload after the restart").isEmpty();
            }
            Set<String> accounted = new HashSet<>();
            try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("parley.db"));
                 var rows = db.createStatement().executeQuery("SELECT storage_key FROM files UNION ALL "
                         + "SELECT storage_key || '.thumb' FROM files UNION ALL SELECT storage_key FROM file_purges")) {
                while (rows.next()) {
                    accounted.add(rows.getString(1));
                }
            }
            Path root = data.resolve("files");
            try (Stream<Path> stored = Files.exists(root) ? Files.walk(root) : Stream.empty()) {
                List<String> keys = stored.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
                assertThat(keys).as("stored bytes").isNotEmpty();
                assertThat(accounted).as("every stored byte has a row or a queued deletion").containsAll(keys);
            }
        } finally {
            second.destroyForcibly();
        }
    }
}
