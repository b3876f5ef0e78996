package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Files through the real routes on both databases (docs/files.md): a visitor's photo to the agent and the agent's PDF
 * back, retries, the isolation suite (other visitors, other workspaces, guessed ids, private notes, pending uploads),
 * signed links, and content that must never run: SVG with script, HTML named .png, a polyglot, a pixel flood.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FilesIT {
    @Parameter
    String database;

    static TestServer server;
    static MovableClock clock;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        clock = new MovableClock();
        server = TestServer.startWithFiles(database, clock, Config.FileStorage.DEFAULTS);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static Http.Response upload(Http http, String path, String name, byte[] bytes) {
        return http.upload(path + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), bytes, false);
    }

    static JsonNode visitorUpload(TestServer.Visitor visitor, String name, byte[] bytes) {
        Http.Response r = upload(visitor.http(), "/api/v1/visitor/files", name, bytes);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    static JsonNode agentUpload(Http agent, String name, byte[] bytes) {
        Http.Response r = upload(agent, "/api/v1/files", name, bytes);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    static Http.Response visitorSend(TestServer.Visitor visitor, String conversation, String clientMsgId, String text,
                                     List<String> files) {
        return visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", clientMsgId, "text", text, "attachments", files));
    }

    @Test
    void aVisitorsPhotoReachesTheAgentAndTheAgentsPdfReachesTheVisitor() {
        TestServer.Tenant tenant = server.tenant("Photos " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Is this stain washable?");
        JsonNode photo = visitorUpload(visitor, "IMG_0042.JPG", Samples.jpeg(1200, 900));
        assertThat(photo.get("kind").asText()).isEqualTo("image");
        assertThat(photo.get("content_type").asText()).isEqualTo("image/jpeg");
        assertThat(photo.get("has_thumbnail").asBoolean()).isTrue();
        assertThat(photo.get("id").asText()).startsWith("f_").hasSizeGreaterThan(40);

        Http.Response sent = visitorSend(visitor, conversation, "photo-1", "", List.of(photo.get("id").asText()));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        JsonNode message = sent.body().get("message");
        assertThat(message.get("text").asText()).as("the file name is the plain text").isEqualTo("IMG_0042.JPG");
        assertThat(message.at("/content/attachments/0/id").asText()).isEqualTo(photo.get("id").asText());
        assertThat(message.at("/content/attachments/0/width").asInt()).isEqualTo(1200);

        // The agent sees it in the conversation and opens it with the session cookie, as an <img> would.
        Http agent = tenant.agent().http();
        JsonNode messages = agent.get("/api/v1/conversations/" + conversation + "/messages").body().get("messages");
        assertThat(messages.get(1).at("/content/attachments/0/name").asText()).isEqualTo("IMG_0042.JPG");
        Http.Bytes full = agent.getBytes("/api/v1/files/" + photo.get("id").asText());
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.header("content-type")).isEqualTo("image/jpeg");
        assertThat(full.header("content-disposition")).startsWith("inline;");
        assertThat(full.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(full.header("content-security-policy")).contains("sandbox").contains("default-src 'none'");
        assertThat(full.body()).hasSize(photo.get("size").asInt());
        Http.Bytes thumb = agent.getBytes("/api/v1/files/" + photo.get("id").asText() + "/thumbnail");
        assertThat(thumb.status()).isEqualTo(200);
        assertThat(thumb.body().length).isLessThan(full.body().length);

        // The agent answers with a PDF; the visitor downloads it with the visitor token, as an attachment.
        byte[] chart = Samples.pdf("Size chart");
        JsonNode pdf = agentUpload(agent, "size-chart.pdf", chart);
        assertThat(pdf.get("kind").asText()).isEqualTo("file");
        Http.Response reply = agent.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "chart-1", "text", "Here is our size chart", "attachments", List.of(pdf.get("id").asText())));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        Http.Bytes got = visitor.http().getBytes("/api/v1/files/" + pdf.get("id").asText());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(chart);
        assertThat(got.header("content-type")).isEqualTo("application/pdf");
        assertThat(got.header("content-disposition")).startsWith("attachment;").contains("size-chart.pdf");
        JsonNode seen = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").body().get("messages");
        assertThat(seen.get(2).at("/content/attachments/0/content_type").asText()).isEqualTo("application/pdf");
    }

    @Test
    void aRetriedSendIsOneMessageAndAFileIsSentOnlyOnce() {
        TestServer.Tenant tenant = server.tenant("Retry " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Hello");
        String file = visitorUpload(visitor, "a.png", Samples.png(40, 40)).get("id").asText();
        Http.Response first = visitorSend(visitor, conversation, "retry-1", "look", List.of(file));
        Http.Response again = visitorSend(visitor, conversation, "retry-1", "look", List.of(file));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).as("a retry answers the original").isEqualTo(200);
        assertThat(again.body().get("message_id").asText()).isEqualTo(first.body().get("message_id").asText());
        String other = visitorUpload(visitor, "b.png", Samples.png(40, 40)).get("id").asText();
        assertThat(visitorSend(visitor, conversation, "retry-1", "look", List.of(other)).status())
                .as("same client_msg_id, other files").isEqualTo(409);
        Http.Response twice = visitorSend(visitor, conversation, "retry-2", "again", List.of(file));
        assertThat(twice.status()).as("a file already sent").isEqualTo(400);
        assertThat(twice.errorMessage()).contains(file);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(2);
        assertThat(visitorSend(visitor, conversation, "retry-3", "", List.of()).status()).as("no text, no files").isEqualTo(400);
        assertThat(visitorSend(visitor, conversation, "retry-4", "x", List.of(other, other)).status()).isEqualTo(400);
    }

    @Test
    void noOneElseReadsAFileAnOtherVisitorAnOtherWorkspaceAGuessAPrivateNote() {
        TestServer.Tenant tenant = server.tenant("Isolation " + database);
        TestServer.Visitor owner = server.visitor(tenant);
        String conversation = server.conversation(owner, "Mine");
        String file = visitorUpload(owner, "private.jpg", Samples.jpeg(64, 64)).get("id").asText();
        assertThat(visitorSend(owner, conversation, "iso-1", "", List.of(file)).status()).isEqualTo(201);
        String pending = visitorUpload(owner, "pending.jpg", Samples.jpeg(64, 64)).get("id").asText();

        TestServer.Visitor stranger = server.visitor(tenant);
        TestServer.Tenant other = server.tenant("Other " + database);
        String guessed = "f_" + UUID.randomUUID().toString().replace("-", "") + "guessed0000000000";
        for (String path : List.of("/api/v1/files/" + file, "/api/v1/files/" + file + "/thumbnail",
                "/api/v1/files/" + pending, "/api/v1/files/" + guessed)) {
            assertThat(stranger.http().getBytes(path).status()).as("another visitor: " + path).isEqualTo(404);
            assertThat(other.agent().http().getBytes(path).status()).as("another workspace: " + path).isEqualTo(404);
            assertThat(server.http().bearer(other.apiKey()).getBytes(path).status()).as("another API key").isEqualTo(404);
        }
        assertThat(server.http().getBytes("/api/v1/files/" + file).status()).as("no credentials").isEqualTo(401);
        assertThat(stranger.http().post("/api/v1/files/" + file + "/link", Map.of()).status()).isEqualTo(404);
        assertThat(tenant.agent().http().getBytes("/api/v1/files/" + pending).status())
                .as("a pending upload is its uploader's only").isEqualTo(404);
        assertThat(owner.http().getBytes("/api/v1/files/" + pending).status()).isEqualTo(200);
        // Nobody attaches another's upload.
        String strangers = server.conversation(stranger, "Theirs");
        assertThat(visitorSend(stranger, strangers, "steal-1", "", List.of(pending)).status()).isEqualTo(400);
        assertThat(tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "steal-2", "text", "x", "attachments", List.of(pending))).status()).isEqualTo(400);

        // A file in a private note is the team's only.
        Http agent = tenant.agent().http();
        String note = agentUpload(agent, "internal.pdf", Samples.pdf("refund policy")).get("id").asText();
        Http.Response sent = agent.post("/api/v1/conversations/" + conversation + "/notes",
                Map.of("client_msg_id", "note-1", "text", "see this", "attachments", List.of(note)));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        assertThat(owner.http().getBytes("/api/v1/files/" + note).status()).isEqualTo(404);
        assertThat(tenant.owner().http().getBytes("/api/v1/files/" + note).status()).isEqualTo(200);
    }

    @Test
    void aSignedLinkOpensOneFileUntilItExpires() {
        TestServer.Tenant tenant = server.tenant("Links " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Links");
        String file = visitorUpload(visitor, "receipt.pdf", Samples.pdf("receipt")).get("id").asText();
        visitorSend(visitor, conversation, "link-1", "", List.of(file));
        Http.Response link = visitor.http().post("/api/v1/files/" + file + "/link", Map.of());
        assertThat(link.status()).as(link.raw()).isEqualTo(200);
        URI url = URI.create(link.body().get("url").asText());
        String pathAndQuery = url.getRawPath() + "?" + url.getRawQuery();
        Http anonymous = server.http();
        assertThat(anonymous.getBytes(pathAndQuery).status()).isEqualTo(200);
        assertThat(anonymous.getBytes(pathAndQuery.replace("sig=", "sig=x")).status()).isEqualTo(404);
        assertThat(anonymous.getBytes(pathAndQuery.replace(file, file + "/thumbnail")).status())
                .as("a file's signature does not open another variant").isEqualTo(404);
        long expires = Long.parseLong(url.getRawQuery().replaceAll(".*expires=(\\d+).*", "$1"));
        assertThat(anonymous.getBytes(pathAndQuery.replace("expires=" + expires, "expires=" + (expires + 3600))).status())
                .as("a longer expiry is not signed").isEqualTo(404);
        clock.advance(Duration.ofMinutes(6));
        Http.Bytes expired = anonymous.getBytes(pathAndQuery);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.text()).contains("link_expired");
    }

    @Test
    void contentThatCouldRunIsServedInertOrRefused() {
        TestServer.Tenant tenant = server.tenant("Unsafe " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        Http agent = tenant.agent().http();
        JsonNode svg = visitorUpload(visitor, "logo.svg", Samples.svgWithScript());
        assertThat(svg.get("kind").asText()).isEqualTo("file");
        assertThat(svg.get("content_type").asText()).isEqualTo("image/svg+xml");
        JsonNode page = visitorUpload(visitor, "cute-cat.png", Samples.html());
        assertThat(page.get("content_type").asText()).isEqualTo("text/html");
        assertThat(page.get("kind").asText()).isEqualTo("file");
        assertThat(page.get("name").asText()).isEqualTo("cute-cat.html");
        JsonNode polyglot = visitorUpload(visitor, "both.png", Samples.polyglot());
        assertThat(polyglot.get("kind").asText()).isEqualTo("image");
        String conversation = server.conversation(visitor, "Files");
        assertThat(visitorSend(visitor, conversation, "unsafe-1", "", List.of(svg.get("id").asText(),
                page.get("id").asText(), polyglot.get("id").asText())).status()).isEqualTo(201);
        for (JsonNode file : List.of(svg, page)) {
            Http.Bytes got = agent.getBytes("/api/v1/files/" + file.get("id").asText());
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.header("content-disposition")).startsWith("attachment;");
            assertThat(got.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(got.header("content-security-policy")).contains("sandbox");
        }
        Http.Bytes clean = agent.getBytes("/api/v1/files/" + polyglot.get("id").asText());
        assertThat(clean.header("content-type")).isEqualTo("image/png");
        assertThat(clean.text()).as("the page after the image is gone").doesNotContain("<script").doesNotContain("<html");

        Http.Response flood = upload(visitor.http(), "/api/v1/visitor/files", "huge.png", Samples.pngHeader(50_000, 50_000));
        assertThat(flood.status()).isEqualTo(413);
        assertThat(flood.errorCode()).isEqualTo("image_too_large");
        Http.Response exe = upload(visitor.http(), "/api/v1/visitor/files", "invoice.pdf", Samples.executable());
        assertThat(exe.status()).isEqualTo(415);
        assertThat(exe.errorCode()).isEqualTo("unsupported_type");
        assertThat(upload(visitor.http(), "/api/v1/visitor/files", "empty.txt", new byte[0]).status()).isEqualTo(400);
        assertThat(visitor.http().upload("/api/v1/visitor/files", Samples.png(4, 4), false).status())
                .as("no name").isEqualTo(400);
        Http.Response bidi = upload(visitor.http(), "/api/v1/visitor/files", "../../etc/inv\u202Efdp.txt",
                "plain words".getBytes(StandardCharsets.UTF_8));
        assertThat(bidi.status()).as(bidi.raw()).isEqualTo(201);
        assertThat(bidi.body().get("name").asText()).isEqualTo("invfdp.txt");
    }

    @Test
    void twoSendsRacingForOneFileMakeOneMessage() throws Exception {
        TestServer.Tenant tenant = server.tenant("Race " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Race");
        for (int round = 0; round < 5; round++) {
            String file = visitorUpload(visitor, "r" + round + ".png", Samples.png(30, 30)).get("id").asText();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> sends = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 4; i++) {
                    String clientMsgId = "race-" + round + "-" + i;
                    sends.add(pool.submit(() -> {
                        go.await();
                        return visitorSend(visitor, conversation, clientMsgId, "", List.of(file)).status();
                    }));
                }
                go.countDown();
                List<Integer> statuses = new java.util.ArrayList<>();
                for (var send : sends) {
                    statuses.add(send.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(201, 400, 400, 400);
            }
            assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND content LIKE ?",
                    conversation, "%" + file + "%")).isEqualTo(1);
        }
    }

    @Test
    void aBrowserAskingForGzipGetsTheBytesWhole() throws Exception {
        TestServer.Tenant tenant = server.tenant("Gzip " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Text");
        byte[] text = "a line of the care instructions\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        String file = visitorUpload(visitor, "care.txt", text).get("id").asText();
        visitorSend(visitor, conversation, "gz-1", "", List.of(file));
        Http.Bytes got = visitor.http().with("Accept-Encoding", "gzip").getBytes("/api/v1/files/" + file);
        assertThat(got.status()).isEqualTo(200);
        byte[] body = got.body();
        if ("gzip".equals(got.header("content-encoding"))) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        assertThat(body).isEqualTo(text);
        if (got.header("content-length") != null) {
            assertThat(Long.parseLong(got.header("content-length"))).isEqualTo(got.body().length);
        }
    }

    @Test
    void aConversationStartsWithAPhotoOnceHoweverOftenTheStartIsSent() {
        TestServer.Tenant tenant = server.tenant("Start " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String file = visitorUpload(visitor, "first.jpg", Samples.jpeg(300, 200)).get("id").asText();
        Map<String, Object> start = Map.of("client_msg_id", "start-1", "attachments", List.of(file));
        Http.Response first = visitor.http().post("/api/v1/visitor/conversations", start);
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.body().at("/message/content/attachments/0/id").asText()).isEqualTo(file);
        assertThat(first.body().at("/message/text").asText()).isEqualTo("first.jpg");
        Http.Response again = visitor.http().post("/api/v1/visitor/conversations", start);
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        String conversation = first.body().at("/conversation/id").asText();
        assertThat(again.body().at("/conversation/id").asText()).isEqualTo(conversation);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(1);
        assertThat(visitor.http().post("/api/v1/visitor/conversations", Map.of("attachments", List.of(file))).status())
                .as("files without a client_msg_id").isEqualTo(400);
    }
}
