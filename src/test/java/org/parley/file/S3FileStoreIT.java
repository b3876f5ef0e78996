package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.testing.S3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against a real S3-compatible server (s3proxy in its own process), each test in a fresh bucket, plus
 * what only a remote store can get wrong: a dead server must fail calls quickly and cleanly, and the store must work
 * again once the server is back.
 */
class S3FileStoreIT extends FileStoreContract {
    /** How long a call to a dead server may take at most: far below the SDK's whole-call limit of two minutes. */
    private static final Duration FAST = Duration.ofSeconds(30);

    private static S3Proxy server;
    private String bucket;
    private S3FileStore store;

    @BeforeAll
    static void startServer() {
        server = new S3Proxy();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshBucket() throws IOException {
        bucket = newBucketName();
        store = storeOn(server, bucket);
        store.ensureBucket();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected FileStore store() {
        return store;
    }

    @Test
    void ensureBucketCreatesAMissingBucketAndLeavesAnExistingOneAlone() throws IOException {
        try (S3FileStore fresh = storeOn(server, newBucketName())) {
            String key = key(workspace(), fileId());
            assertThatThrownBy(() -> fresh.put(key, file("early"), "text/plain"))
                    .as("the bucket does not exist yet")
                    .isInstanceOf(IOException.class);

            fresh.ensureBucket();
            fresh.put(key, file("first start"), "text/plain");
            fresh.ensureBucket();

            try (InputStream in = fresh.open(key).orElseThrow()) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("first start");
            }
        }
    }

    @Test
    void aDeadServerFailsCallsQuicklyAndARestartedOneServesAgain() throws IOException {
        try (S3Proxy dying = new S3Proxy(); S3FileStore remote = storeOn(dying, newBucketName())) {
            remote.ensureBucket();
            String before = key(workspace(), fileId());
            remote.put(before, file("before the crash"), "text/plain");
            Path source = file("during the crash");
            String during = key(workspace(), fileId());

            dying.kill();

            assertFailsFast(() -> remote.put(during, source, "text/plain"));
            assertFailsFast(() -> remote.open(before));
            assertFailsFast(() -> remote.delete(before));

            dying.restart();

            remote.put(during, source, "text/plain");
            try (InputStream in = remote.open(before).orElseThrow()) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("before the crash");
            }
            try (InputStream in = remote.open(during).orElseThrow()) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("during the crash");
            }
        }
    }

    @Test
    void aDownloadCutByTheServerFailsInsteadOfEndingShort() throws IOException {
        try (S3Proxy dying = new S3Proxy(); S3FileStore remote = storeOn(dying, newBucketName())) {
            remote.ensureBucket();
            Path big = work.resolve("big.bin");
            byte[] chunk = new byte[64 * 1024];
            Random random = new Random(7);
            try (OutputStream out = Files.newOutputStream(big)) {
                for (int i = 0; i < 20 * 16; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            String key = key(workspace(), fileId());
            remote.put(key, big, "application/octet-stream");

            try (InputStream in = remote.open(key).orElseThrow()) {
                assertThat(in.readNBytes(1024)).hasSize(1024);
                dying.kill();
                assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void theContentTypeIsStoredWithTheObject() throws IOException {
        String key = key(workspace(), fileId());
        store.put(key, file("%PDF-1.7"), "application/pdf");

        try (S3Client raw = S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.identity(), server.credential())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            assertThat(raw.headObject(h -> h.bucket(bucket).key(key)).contentType())
                    .isEqualTo("application/pdf");
        }
    }

    @Test
    void theSettingsNeverPrintTheSecretKey() {
        S3FileStore.Settings settings = new S3FileStore.Settings(server.endpoint(), "us-east-1", "b", "AKIAEXAMPLE",
                "wJalrXUtnFEMI-very-secret", true);

        assertThat(settings.toString()).contains("AKIAEXAMPLE").doesNotContain("very-secret");
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void assertFailsFast(Call call) {
        long start = System.nanoTime();
        assertThatThrownBy(call::run).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    private static S3FileStore storeOn(S3Proxy proxy, String bucket) {
        return new S3FileStore(new S3FileStore.Settings(proxy.endpoint(), "us-east-1", bucket, proxy.identity(),
                proxy.credential(), true));
    }

    /** Bucket names are lowercase letters, digits and hyphens, 3 to 63 long. */
    private static String newBucketName() {
        return "parley-" + UUID.randomUUID().toString().substring(0, 18);
    }
}
