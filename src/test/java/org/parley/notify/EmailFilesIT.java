package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.file.Samples;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;

/**
 * Files and email (docs/files.md): a notification email links each file of the replies with a signed link that works
 * without signing in, and a reply by email keeps its attachments (refused types left out, the text still arrives),
 * once however often it is delivered.
 */
class EmailFilesIT {
    static MailServer mail;
    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        server = TestServer.startWithNotifications("sqlite", mail.url());
        tenant = server.tenant("Donni");
    }

    @AfterAll
    static void stop() {
        server.close();
        mail.close();
    }

    record Customer(TestServer.Visitor visitor, String email, String conversationId) {
    }

    static Customer customer() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String email = "c-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        assertThat(visitor.http().patch("/api/v1/visitor/contact", Map.of("email", email)).status()).isEqualTo(200);
        return new Customer(visitor, email, server.conversation(visitor, "Do you have a size chart?"));
    }

    static void replyWithFile(String conversation, String text, String name, byte[] bytes) {
        Http agent = tenant.agent().http();
        Http.Response up = agent.upload("/api/v1/files?name=" + name, bytes, false);
        assertThat(up.status()).as(up.raw()).isEqualTo(201);
        Http.Response sent = agent.post("/api/v1/conversations/" + conversation + "/messages", Map.of("client_msg_id",
                "r-" + UUID.randomUUID(), "text", text, "attachments", List.of(up.body().get("id").asText())));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    @Test
    void theEmailAboutAReplyLinksItsFileWithALinkThatNeedsNoSignIn() throws Exception {
        Customer c = customer();
        byte[] chart = Samples.pdf("Size chart");
        replyWithFile(c.conversationId(), "Here is the chart", "size-chart.pdf", chart);
        MimeMessage email = mail.awaitTo(c.email());
        String text = MailServer.plainText(email);
        assertThat(text).contains("Here is the chart").contains("size-chart.pdf");
        var found = java.util.regex.Pattern.compile("(http://\\S+/api/v1/files/\\S+)").matcher(text);
        assertThat(found.find()).as(text).isTrue();
        URI url = URI.create(found.group(1));
        Http.Bytes got = server.http().getBytes(url.getRawPath() + "?" + url.getRawQuery());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(chart);
        assertThat(MailServer.part(email, "text/html")).contains("size-chart.pdf</a>");
    }

    @Test
    void aReplyByEmailKeepsItsPhotoLeavesOutAProgramAndIsAttachedOnce() throws Exception {
        Customer c = customer();
        Http agent = tenant.agent().http();
        agent.post("/api/v1/conversations/" + c.conversationId() + "/messages",
                Map.of("client_msg_id", "q-" + UUID.randomUUID(), "text", "Can you send a photo of the stain?"));
        MimeMessage notification = mail.awaitTo(c.email());
        String replyTo = notification.getReplyTo()[0].toString();
        String boundary = "b-" + UUID.randomUUID();
        byte[] photo = Samples.jpeg(640, 480);
        String raw = "From: Customer <" + c.email() + ">\r\nTo: " + replyTo + "\r\nSubject: Re: photo\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@mail.customer.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHere it is\r\n"
                + "--" + boundary + "\r\nContent-Type: image/jpeg; name=\"stain.jpg\"\r\n"
                + "Content-Disposition: attachment; filename=\"stain.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(photo) + "\r\n"
                + "--" + boundary + "\r\nContent-Type: application/octet-stream; name=\"setup.exe\"\r\n"
                + "Content-Disposition: attachment; filename=\"setup.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(Samples.executable()) + "\r\n"
                + "--" + boundary + "--\r\n";
        Http inbound = server.http().with("Authorization", "Bearer " + TestServer.INBOUND_SECRET)
                .with("Content-Type", "message/rfc822");
        Http.Response attached = inbound.sendBody("POST", "/api/v1/inbound/email", raw);
        assertThat(attached.status()).as(attached.raw()).isEqualTo(201);
        JsonNode messages = agent.get("/api/v1/conversations/" + c.conversationId() + "/messages").body().get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.get("text").asText()).isEqualTo("Here it is");
        assertThat(last.at("/content/attachments")).hasSize(1);
        assertThat(last.at("/content/attachments/0/name").asText()).isEqualTo("stain.jpg");
        assertThat(last.at("/content/attachments/0/kind").asText()).isEqualTo("image");
        String fileId = last.at("/content/attachments/0/id").asText();
        assertThat(c.visitor().http().getBytes("/api/v1/files/" + fileId).status()).isEqualTo(200);

        long count = server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", c.conversationId());
        Http.Response again = inbound.sendBody("POST", "/api/v1/inbound/email", raw);
        assertThat(again.status()).as("a redelivery attaches nothing new").isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", c.conversationId())).isEqualTo(count);
    }
}
