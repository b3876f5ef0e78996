package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.config.Config;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.TestServer;

/**
 * Limits and the life of stored bytes (docs/files.md), on a node with 1 MB files and a 3 MB workspace quota: a 413
 * with a clear message leaves no row, no stored file and no temp file; abandoned uploads, a workspace's file
 * retention and a contact's deletion take the bytes from the store; the contact's export carries them.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FileLimitsIT {
    private static final int MB = 1 << 20;

    @Parameter
    String database;

    static TestServer server;
    static MovableClock clock;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        clock = new MovableClock();
        server = TestServer.startWithFiles(database, clock,
                new Config.FileStorage(MB, 3L * MB, null, null, null, null, null, false));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static long storedFiles() throws IOException {
        return countFiles(server.config().dataDir().resolve("files"));
    }

    static long countFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    /** Random bytes are not an accepted type, so limits are hit before the type: text of a given size is. */
    static byte[] text(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    @Test
    void tooLargeAnswers413WithTheLimitAndLeavesNothingBehind() throws IOException {
        TestServer.Tenant tenant = server.tenant("Limits " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        long rows = server.count("SELECT COUNT(*) FROM files WHERE workspace_id = ?", tenant.workspace().id());
        long stored = storedFiles();
        for (boolean chunked : List.of(false, true)) {
            Http.Response big = visitor.http().upload("/api/v1/visitor/files?name=big.txt", text(MB + 1), chunked);
            assertThat(big.status()).as("chunked " + chunked).isEqualTo(413);
            assertThat(big.errorCode()).isEqualTo("too_large");
            assertThat(big.errorMessage()).contains("1 MB");
        }
        assertThat(server.count("SELECT COUNT(*) FROM files WHERE workspace_id = ?", tenant.workspace().id())).isEqualTo(rows);
        assertThat(storedFiles()).isEqualTo(stored);
        assertThat(countFiles(server.config().dataDir().resolve("uploads"))).as("no temp file left").isZero();
        assertThat(visitor.http().upload("/api/v1/visitor/files?name=fits.txt", text(MB), false).status()).isEqualTo(201);
    }

    @Test
    void theWorkspaceQuotaStopsUploadsWithAClearMessage() {
        TestServer.Tenant tenant = server.tenant("Quota " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        for (int i = 0; i < 3; i++) {
            assertThat(visitor.http().upload("/api/v1/visitor/files?name=f" + i + ".txt", text(MB - 1000), false).status())
                    .isEqualTo(201);
        }
        Http.Response over = visitor.http().upload("/api/v1/visitor/files?name=last.txt", text(MB - 1000), false);
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.errorCode()).isEqualTo("quota_exceeded");
        assertThat(over.errorMessage()).contains("3 MB");
    }

    @Test
    void uploadsRacingForTheLastRoomPassTheQuotaOnlyAsFarAsItGoes() throws Exception {
        TestServer.Tenant tenant = server.tenant("Quota race " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        assertThat(visitor.http().upload("/api/v1/visitor/files?name=first.txt", text(MB - 1000), false).status())
                .isEqualTo(201);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> uploads = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                String name = "race-" + i + ".txt";
                uploads.add(pool.submit(() -> {
                    go.await();
                    return visitor.http().upload("/api/v1/visitor/files?name=" + name, text(MB - 1000), false).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var upload : uploads) {
                statuses.add(upload.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).as("room for two more").containsExactlyInAnyOrder(201, 201, 413, 413);
        }
        assertThat(server.count("SELECT COALESCE(SUM(size), 0) FROM files WHERE workspace_id = ?", tenant.workspace().id()))
                .isLessThanOrEqualTo(3L * MB);
    }

    @Test
    void abandonedUploadsRetentionAndAContactsDeletionTakeTheBytes() throws IOException {
        TestServer.Tenant tenant = server.tenant("Janitor " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Files");
        String sent = FilesIT.visitorUpload(visitor, "kept.jpg", Samples.jpeg(200, 100)).get("id").asText();
        assertThat(FilesIT.visitorSend(visitor, conversation, "j-1", "", List.of(sent)).status()).isEqualTo(201);
        String abandoned = FilesIT.visitorUpload(visitor, "never-sent.pdf", Samples.pdf("x")).get("id").asText();
        String key = tenant.workspace().id() + "/" + abandoned;
        Path abandonedBytes = server.config().dataDir().resolve("files").resolve(key);
        assertThat(abandonedBytes).exists();

        clock.advance(Duration.ofHours(25));
        Map<String, Integer> round = server.wiring().fileJanitor.runOnce();
        assertThat(round.get("abandoned")).isGreaterThanOrEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM files WHERE id = ?", abandoned)).isZero();
        assertThat(abandonedBytes).doesNotExist();
        assertThat(visitor.http().getBytes("/api/v1/files/" + sent).status()).as("a sent file stays").isEqualTo(200);

        // The export carries the bytes.
        Http owner = tenant.owner().http();
        Http.Bytes zip = owner.getBytes("/api/v1/contacts/" + visitor.contactId() + "/export?format=zip");
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.header("content-type")).isEqualTo("application/zip");
        byte[] inZip = null;
        JsonNode document = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals("export.json")) {
                    document = Http.JSON.readTree(in.readAllBytes());
                } else if (entry.getName().equals("files/" + sent + "/kept.jpg")) {
                    inZip = in.readAllBytes();
                }
            }
        }
        assertThat(document.at("/tables/files/0/id").asText()).isEqualTo(sent);
        assertThat(inZip).isEqualTo(visitor.http().getBytes("/api/v1/files/" + sent).body());

        // Deleting the contact deletes its files' rows now and their bytes on the janitor's next round.
        Path sentBytes = server.config().dataDir().resolve("files").resolve(tenant.workspace().id() + "/" + sent);
        assertThat(sentBytes).exists();
        assertThat(owner.delete("/api/v1/contacts/" + visitor.contactId()).status()).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM files WHERE id = ?", sent)).isZero();
        server.wiring().fileJanitor.runOnce();
        assertThat(sentBytes).doesNotExist();
        assertThat(Path.of(sentBytes + ".thumb")).doesNotExist();
        assertThat(server.count("SELECT COUNT(*) FROM file_purges WHERE workspace_id = ?", tenant.workspace().id())).isZero();
    }

    @Test
    void aWorkspacesFileRetentionRemovesOldBytesAndTheDownloadSaysSo() {
        TestServer.Tenant tenant = server.tenant("Retention " + database);
        Http owner = tenant.owner().http();
        assertThat(owner.patch("/api/v1/workspace", Map.of("file_retention_days", 0)).status()).isEqualTo(400);
        Http.Response set = owner.patch("/api/v1/workspace", Map.of("file_retention_days", 30));
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Old photo");
        String file = FilesIT.visitorUpload(visitor, "old.jpg", Samples.jpeg(100, 100)).get("id").asText();
        FilesIT.visitorSend(visitor, conversation, "r-1", "", List.of(file));
        clock.advance(Duration.ofDays(29));
        server.wiring().fileJanitor.runOnce();
        assertThat(visitor.http().getBytes("/api/v1/files/" + file).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(2));
        server.wiring().fileJanitor.runOnce();
        Http.Bytes gone = visitor.http().getBytes("/api/v1/files/" + file);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.text()).contains("file_removed");
        assertThat(server.config().dataDir().resolve("files").resolve(tenant.workspace().id() + "/" + file)).doesNotExist();
    }

    @Test
    void bytesStoredByAnUploadThatDiedBeforeItsRowAreDeletedAfterTheGrace() throws Exception {
        TestServer.Tenant tenant = server.tenant("Crash " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = FilesIT.visitorUpload(visitor, "fine.pdf", Samples.pdf("fine")).get("id").asText();
        assertThat(server.count("SELECT COUNT(*) FROM file_purges WHERE storage_key LIKE ?", "%" + id + "%"))
                .as("a finished upload leaves no deletion queued").isZero();

        // What an upload leaves when the process dies between storing the bytes and writing the row: the bytes and
        // the deletion it queued ahead, due after the grace (FileService.ORPHAN_GRACE).
        String orphan = tenant.workspace().id() + "/f_orphan-of-a-crash";
        Path source = Files.createTempFile("orphan", ".pdf");
        Files.write(source, Samples.pdf("orphan"));
        server.wiring().fileStore.put(orphan, source, "application/pdf");
        server.execute("INSERT INTO file_purges (storage_key, workspace_id, queued_at) VALUES (?, ?, ?)", orphan,
                tenant.workspace().id(), clock.millis() + FileService.ORPHAN_GRACE.toMillis());
        server.wiring().fileJanitor.runOnce();
        assertThat(server.wiring().fileStore.open(orphan)).as("not before the grace").isPresent();
        clock.advance(FileService.ORPHAN_GRACE.plusMinutes(1));
        server.wiring().fileJanitor.runOnce();
        assertThat(server.wiring().fileStore.open(orphan)).isEmpty();
        assertThat(visitor.http().getBytes("/api/v1/files/" + id).status()).as("a stored file stays").isEqualTo(200);
    }
}
