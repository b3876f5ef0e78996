package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.config.Config;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.S3Proxy;
import org.parley.testing.TestServer;

/**
 * Parley on an S3-compatible store (s3proxy, a real server in its own process) through the real routes, on
 * PostgreSQL: the bucket is made on start, a photo and its thumbnail go there and come back, a deleted contact's
 * bytes leave the bucket, and a store that is down answers 503 and loses nothing once it is back.
 */
class S3FilesIT {
    static S3Proxy s3;
    static TestServer server;

    @BeforeAll
    static void start() {
        s3 = new S3Proxy();
        server = TestServer.startWithFiles("postgresql", new MovableClock(), new Config.FileStorage(10L << 20, 5L << 30,
                "parley-files", s3.endpoint().toString(), "us-east-1", s3.identity(), s3.credential(), true));
    }

    @AfterAll
    static void stop() {
        server.close();
        s3.close();
    }

    @Test
    void filesLiveInTheBucketAndLeaveItWithTheirContact() throws Exception {
        assertThat(server.wiring().fileStore.kind()).isEqualTo("s3");
        TestServer.Tenant tenant = server.tenant("S3 shop");
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "A photo");
        String id = FilesIT.visitorUpload(visitor, "scarf.jpg", Samples.jpeg(800, 600)).get("id").asText();
        assertThat(FilesIT.visitorSend(visitor, conversation, "s3-1", "", List.of(id)).status()).isEqualTo(201);
        String key = tenant.workspace().id() + "/" + id;
        FileStore store = server.wiring().fileStore;
        byte[] inBucket;
        try (var in = store.open(key).orElseThrow()) {
            inBucket = in.readAllBytes();
        }
        Http.Bytes served = tenant.agent().http().getBytes("/api/v1/files/" + id);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(inBucket);
        assertThat(store.open(key + ".thumb")).isPresent();
        assertThat(tenant.agent().http().getBytes("/api/v1/files/" + id + "/thumbnail").status()).isEqualTo(200);

        assertThat(tenant.owner().http().delete("/api/v1/contacts/" + visitor.contactId()).status()).isEqualTo(200);
        server.wiring().fileJanitor.runOnce();
        assertThat(store.open(key)).isEmpty();
        assertThat(store.open(key + ".thumb")).isEmpty();
    }

    @Test
    void aStoreThatIsDownAnswers503AndStoresNothingThenWorksAgain() {
        TestServer.Tenant tenant = server.tenant("S3 outage");
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Outage");
        String before = FilesIT.visitorUpload(visitor, "before.pdf", Samples.pdf("before")).get("id").asText();
        FilesIT.visitorSend(visitor, conversation, "o-1", "", List.of(before));
        s3.kill();
        try {
            Http.Response refused = visitor.http().upload("/api/v1/visitor/files?name=during.pdf", Samples.pdf("during"), false);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("storage_unavailable");
            assertThat(server.count("SELECT COUNT(*) FROM files WHERE workspace_id = ?", tenant.workspace().id()))
                    .as("no row for bytes that were not stored").isEqualTo(1);
            assertThat(visitor.http().getBytes("/api/v1/files/" + before).status()).isEqualTo(503);
        } finally {
            s3.restart();
        }
        assertThat(visitor.http().getBytes("/api/v1/files/" + before).body()).isEqualTo(Samples.pdf("before"));
        assertThat(visitor.http().upload("/api/v1/visitor/files?name=after.pdf", Samples.pdf("after"), false).status())
                .isEqualTo(201);
    }
}
