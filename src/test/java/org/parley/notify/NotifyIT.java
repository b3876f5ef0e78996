package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.SmtpClient;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * Notifications end to end, on both databases, with a real SMTP server (GreenMail) for what Parley sends and
 * Parley's own SMTP listener and HTTP endpoint for replies by email. The node's email delay is 2 s.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class NotifyIT {
    @Parameter
    String database;

    static MailServer mail;
    static TestServer server;
    static TestServer.Tenant tenant;

    /** A push service on loopback, allowed explicitly (PARLEY_OUTBOUND_ALLOW), recording the paths pushed to. */
    static com.sun.net.httpserver.HttpServer pushService;
    static final java.util.List<String> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(String database) throws java.io.IOException {
        mail = new MailServer();
        pushService = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        pushService.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            pushed.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        pushService.start();
        server = TestServer.startWithNotifications(database, mail.url(), "127.0.0.1:" + pushService.getAddress().getPort());
        tenant = server.tenant("Donni <Charm>");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        mail.close();
        pushService.stop(0);
    }

    /** A visitor whose contact gave an email, in a conversation they started. */
    record Customer(TestServer.Visitor visitor, String email, String conversationId) {
    }

    private static Customer customer(TestServer.Tenant in, boolean withEmail) {
        TestServer.Visitor visitor = server.visitor(in);
        String email = "c-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        if (withEmail) {
            Http.Response set = visitor.http().patch("/api/v1/visitor/contact", Map.of("email", email));
            assertThat(set.status()).as(set.raw()).isEqualTo(200);
        }
        return new Customer(visitor, email, server.conversation(visitor, "Do you have red scarves?"));
    }

    private static Customer customer() {
        return customer(tenant, true);
    }

    private static long reply(TestServer.Tenant in, String conversationId, String text) {
        Http.Response sent = in.agent().http().post("/api/v1/conversations/" + conversationId + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        return sent.body().get("seq").asLong();
    }

    private static long reply(String conversationId, String text) {
        return reply(tenant, conversationId, text);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String jobStatus(String conversationId, String channel) {
        try (var c = server.jdbc(); var st = c.prepareStatement(
                "SELECT status FROM notification_jobs WHERE conversation_id = ? AND channel = ? ORDER BY created_at DESC")) {
            st.setString(1, conversationId);
            st.setString(2, channel);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql, Object... args) {
        try (var c = server.jdbc(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String replyAddress(MimeMessage email) throws Exception {
        return email.getReplyTo()[0].toString();
    }

    private static long messageCount(String conversationId) {
        return server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversationId);
    }

    @Test
    void anUnseenReplyIsEmailedOnceAfterTheDelay() throws Exception {
        Customer c = customer();
        long sentAt = System.currentTimeMillis();
        reply(c.conversationId(), "We have it in red <b>and</b> blue & green.");
        MimeMessage email = mail.awaitTo(c.email());
        assertThat(System.currentTimeMillis() - sentAt).as("not before the 2 s delay").isGreaterThanOrEqualTo(1_900);
        assertThat(email.getSubject()).isEqualTo("New reply from Donni <Charm>");
        assertThat(email.getFrom()[0].toString()).contains("via Parley").contains("parley@example.com");
        assertThat(replyAddress(email)).matches("reply\\+[a-z2-7]{32}@reply\\.example");
        assertThat(email.getHeader("List-Unsubscribe")[0]).startsWith("<" + server.baseUrl() + "/api/v1/notify/unsubscribe?token=");
        assertThat(email.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String text = MailServer.plainText(email);
        assertThat(text).contains("We have it in red <b>and</b> blue & green.").contains("Donni <Charm>")
                .contains("Continue the conversation: " + server.baseUrl() + "/me");
        String html = MailServer.part(email, "text/html");
        assertThat(html).contains("We have it in red &lt;b&gt;and&lt;/b&gt; blue &amp; green.")
                .contains("Donni &lt;Charm&gt;").doesNotContain("<b>and</b>");

        sleep(3_000);
        assertThat(mail.to(c.email())).as("exactly one email").hasSize(1);
        assertThat(jobStatus(c.conversationId(), "EMAIL")).isEqualTo("sent");
        assertThat(jobStatus(c.conversationId(), "PUSH")).as("no push subscription (no subscription)").isEqualTo("skipped");
    }

    @Test
    void agentsSeeLiveHowTheRepliesReachedTheCustomerAndTheVisitorDoesNot() {
        Customer c = customer();
        try (org.parley.testing.WsClient agent = server.agentSocket(tenant.agent());
             org.parley.testing.WsClient widget = server.visitorSocket(c.visitor())) {
            assertThat(tenant.agent().http().get("/api/v1/conversations/" + c.conversationId() + "/notified").raw())
                    .as("nothing notified yet").isEqualTo("{}");
            long seq = reply(c.conversationId(), "We have three reds");
            var event = agent.await(f -> "conversation.notified".equals(f.path("event").asText())
                    && c.conversationId().equals(f.path("conversation_id").asText()));
            assertThat(event.at("/data/channel").asText()).isEqualTo("email");
            assertThat(event.at("/data/through_seq").asLong()).isEqualTo(seq);
            var notified = tenant.agent().http().get("/api/v1/conversations/" + c.conversationId() + "/notified").body();
            assertThat(notified.at("/email/through_seq").asLong()).isEqualTo(seq);
            assertThat(notified.at("/email/at").asLong()).isPositive();
            assertThat(widget.drain(java.time.Duration.ofMillis(300)).toString()).doesNotContain("conversation.notified");
        }
        TestServer.Tenant other = server.tenant("Elsewhere");
        assertThat(other.agent().http().get("/api/v1/conversations/" + c.conversationId() + "/notified").status())
                .isEqualTo(404);
        assertThat(c.visitor().http().get("/api/v1/conversations/" + c.conversationId() + "/notified").status())
                .isEqualTo(401);
    }

    @Test
    void aRichReplyIsEmailedAsTextWithItsChoicesAndLinks() throws Exception {
        Customer c = customer();
        Http.Response sent = tenant.agent().http().post("/api/v1/conversations/" + c.conversationId() + "/messages", Map.of(
                "client_msg_id", "rich-" + UUID.randomUUID(), "text", "Which colour would you like?",
                "content", Map.of("quick_replies", java.util.List.of(Map.of("label", "Ruby <red>", "payload", "ruby"),
                                Map.of("label", "Wine", "payload", "wine")),
                        "buttons", java.util.List.of(Map.of("label", "Colour chart", "url", "https://shop.example/colours")))));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        MimeMessage email = mail.awaitTo(c.email());
        String text = MailServer.plainText(email);
        assertThat(text).contains("Which colour would you like?").contains("• Ruby <red>").contains("• Wine")
                .contains("Colour chart: https://shop.example/colours");
        String html = MailServer.part(email, "text/html");
        assertThat(html).contains("Ruby &lt;red&gt;").doesNotContain("<red>");
    }

    @Test
    void noEmailWhenTheVisitorReadTheReplyInTime() {
        Customer byRest = customer();
        long seq = reply(byRest.conversationId(), "Read over REST");
        assertThat(byRest.visitor().http().post("/api/v1/visitor/conversations/" + byRest.conversationId() + "/read",
                Map.of("seq", seq)).status()).isEqualTo(200);

        Customer bySocket = customer();
        try (WsClient socket = server.visitorSocket(bySocket.visitor())) {
            long read = reply(bySocket.conversationId(), "Read in the widget");
            socket.send(Map.of("type", "read", "conversation_id", bySocket.conversationId(), "seq", read));
            await("the email job", () -> !"pending".equals(jobStatus(bySocket.conversationId(), "EMAIL")));
        }
        await("the email job", () -> !"pending".equals(jobStatus(byRest.conversationId(), "EMAIL")));
        sleep(1_000);
        assertThat(jobStatus(byRest.conversationId(), "EMAIL")).isEqualTo("skipped");
        assertThat(jobStatus(bySocket.conversationId(), "EMAIL")).isEqualTo("skipped");
        assertThat(mail.to(byRest.email())).isEmpty();
        assertThat(mail.to(bySocket.email())).isEmpty();
    }

    @Test
    void severalRepliesAreGroupedInOneEmail() {
        Customer c = customer();
        reply(c.conversationId(), "First answer");
        reply(c.conversationId(), "Second answer");
        reply(c.conversationId(), "Third answer");
        MimeMessage email = mail.awaitTo(c.email());
        String text = MailServer.plainText(email);
        assertThat(text).contains("First answer").contains("Second answer").contains("Third answer");
        assertThat(text.indexOf("First answer")).isLessThan(text.indexOf("Third answer"));
        sleep(3_000);
        assertThat(mail.to(c.email())).hasSize(1);
        assertThat(server.count("SELECT COUNT(*) FROM notification_jobs WHERE conversation_id = ? AND channel = 'EMAIL'",
                c.conversationId())).isEqualTo(1);
    }

    @Test
    void aSubscribedContactGetsAWebPushAndTheReplyCountsAsNotified() throws Exception {
        pushed.clear();
        Customer c = customer();
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var point = ((java.security.interfaces.ECPublicKey) generator.generateKeyPair().getPublic()).getW();
        byte[] p256dh = new byte[65];
        p256dh[0] = 4;
        byte[] x = point.getAffineX().toByteArray();
        byte[] y = point.getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), p256dh, 1 + Math.max(0, 32 - x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), p256dh, 33 + Math.max(0, 32 - y.length), Math.min(32, y.length));
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String endpoint = "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/" + UUID.randomUUID();
        Http.Response subscribed = c.visitor().http().post("/api/v1/visitor/push-subscriptions", Map.of("endpoint", endpoint,
                "keys", Map.of("p256dh", b64.encodeToString(p256dh), "auth", b64.encodeToString(new byte[16]))));
        assertThat(subscribed.status()).as(subscribed.raw()).isEqualTo(201);

        reply(c.conversationId(), "Pushed to your browser");
        await("the push", () -> !pushed.isEmpty());
        await("the push job", () -> "sent".equals(jobStatus(c.conversationId(), "PUSH")));
        assertThat(server.count("SELECT COUNT(*) FROM reply_reach WHERE conversation_id = ? AND notified_via = 'push'",
                c.conversationId())).isEqualTo(1);
        mail.awaitTo(c.email());
        assertThat(pushed).as("one push for the reply").hasSize(1);
    }

    @Test
    void privateNotesAreNeverEmailed() {
        Customer c = customer();
        Http.Response note = tenant.agent().http().post("/api/v1/conversations/" + c.conversationId() + "/notes",
                Map.of("client_msg_id", "n-" + UUID.randomUUID(), "text", "Secret: this customer returns everything"));
        assertThat(note.status()).isEqualTo(201);
        sleep(3_500);
        assertThat(mail.to(c.email())).isEmpty();
        assertThat(jobStatus(c.conversationId(), "EMAIL")).as("a note schedules nothing").isNull();

        reply(c.conversationId(), "Visible answer");
        MimeMessage email = mail.awaitTo(c.email());
        assertThat(MailServer.plainText(email)).contains("Visible answer").doesNotContain("Secret");
        assertThat(MailServer.part(email, "text/html")).doesNotContain("Secret");
    }

    private static long createdAt(String conversationId, long seq) {
        try (var c = server.jdbc(); var st = c.prepareStatement("SELECT created_at FROM messages WHERE conversation_id = ? AND seq = ?")) {
            st.setString(1, conversationId);
            st.setLong(2, seq);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFrenchVisitorGetsTheQuestionAndTheHistoryInFrenchInTheBusinesssColours() throws Exception {
        TestServer.Tenant shop = server.tenant("Écharpes <Donni>");
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("color", "#ffd43b")).status()).isEqualTo(200);
        // The widget frame starts its session with its language and the browser's time zone.
        Http.Response session = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", shop.widgetKey(), "locale", "fr", "time_zone", "Europe/Paris"));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        String token = session.body().get("token").asText();
        TestServer.Visitor visitor = new TestServer.Visitor(token, session.body().get("visitor_id").asText(),
                session.body().get("contact_id").asText(), server.http().bearer(token));
        String to = "fr-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        assertThat(visitor.http().patch("/api/v1/visitor/contact", Map.of("email", to)).status()).isEqualTo(200);
        String conversation = server.conversation(visitor, "Avez-vous des écharpes rouges ?");
        long seen = reply(shop, conversation, "Bonjour ! Je regarde le stock.");
        assertThat(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/read", Map.of("seq", seen))
                .status()).isEqualTo(200);
        await("the email of the reply read in time to be skipped", () -> "skipped".equals(jobStatus(conversation, "EMAIL")));

        String payload = "<script>alert('x')</script> & <img src=x onerror=alert(1)> en laine ?";
        Http.Response second = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "q2-" + UUID.randomUUID(), "text", payload));
        assertThat(second.status()).as(second.raw()).isEqualTo(201);
        assertThat(shop.agent().http().post("/api/v1/conversations/" + conversation + "/notes",
                Map.of("client_msg_id", "n-" + UUID.randomUUID(), "text", "Secret : client difficile")).status()).isEqualTo(201);
        long first = reply(shop, conversation, "Oui, en rouge et en laine.");
        reply(shop, conversation, "Livraison demain.");

        MimeMessage email = mail.awaitTo(to);
        assertThat(email.getSubject()).isEqualTo("2 nouvelles réponses de Écharpes <Donni>");
        assertThat(((jakarta.mail.internet.InternetAddress) email.getFrom()[0]).getPersonal())
                .isEqualTo("Écharpes <Donni> via Parley");
        assertThat(replyAddress(email)).matches("reply\\+[a-z2-7]{32}@reply\\.example");
        String paris = java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM,
                java.time.format.FormatStyle.SHORT).withLocale(java.util.Locale.FRENCH).withZone(java.time.ZoneId.of("Europe/Paris"))
                .format(java.time.Instant.ofEpochMilli(createdAt(conversation, first)));

        String text = MailServer.plainText(email);
        assertThat(text).startsWith("Écharpes <Donni> a répondu à votre conversation.");
        String question = text.substring(text.indexOf("Votre question\u00a0:"), text.indexOf("Derniers messages\u00a0:"));
        assertThat(question).as("the customer's latest message before the replies").contains(payload);
        assertThat(text.substring(text.indexOf("Derniers messages"))).containsSubsequence(
                "Vous · ", "Avez-vous des écharpes rouges ?",
                " · ", "Bonjour ! Je regarde le stock.",
                "Vous · ", payload,
                "[NOUVEAU] ", " · " + paris, "Oui, en rouge et en laine.",
                "[NOUVEAU] ", "Livraison demain.",
                "Continuer la conversation\u00a0: " + server.baseUrl() + "/me",
                "Vous pouvez aussi répondre directement à cet e-mail.",
                "Envoyé par Parley pour Écharpes <Donni>.",
                "Ne plus recevoir ces e-mails\u00a0: " + server.baseUrl() + "/api/v1/notify/unsubscribe?token=");
        assertThat(text).doesNotContain("Secret")
                .doesNotContain("Continue the conversation").doesNotContain("Your question");
        assertThat(text.split("\\[NOUVEAU\\]", -1)).as("only the two unseen replies are new").hasSize(3);

        String html = MailServer.part(email, "text/html");
        assertThat(html).contains("<html lang=\"fr\">")
                .as("the business's name on its colour, black text on this yellow (the contrast rule)")
                .contains("background:#ffd43b;color:#000000;padding:16px 24px;font-size:18px;font-weight:bold;border-radius:8px 8px 0 0\">"
                        + "Écharpes &lt;Donni&gt;</td>")
                .as("the new replies marked with the readable accent (dark grey: the yellow is too light on white)")
                .contains("border-left:4px solid #1f2328;background:#f6f8fa")
                .contains(">Nouveau</span>", "Votre question", "Derniers messages", ">Continuer la conversation</a>",
                        "href=\"" + server.baseUrl() + "/me", "Ne plus recevoir ces e-mails</a>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; en laine ?")
                .doesNotContain("<script").doesNotContain("<img").doesNotContain("Secret")
                .doesNotContain("Continue the conversation");
        assertThat(html.indexOf("Avez-vous des écharpes rouges ?")).isLessThan(html.indexOf("Bonjour ! Je regarde le stock."));
        assertThat(html.indexOf("Bonjour ! Je regarde le stock.")).isLessThan(html.indexOf("Oui, en rouge et en laine."));
        assertThat(html.indexOf("Oui, en rouge et en laine.")).isLessThan(html.indexOf("Livraison demain."));
        sleep(2_500);
        assertThat(mail.to(to)).as("one email for both replies").hasSize(1);
    }

    private static String rawReply(String from, String to, String body) {
        return "From: Customer <" + from + ">\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Re: New reply from Donni\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@mail.customer.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n" + body.replace("\n", "\r\n");
    }

    private static final String QUOTED = "\n\nOn Fri, Nov 27, 2026 at 5:02 PM Donni via Parley <parley@example.com> wrote:\n"
            + "> We have it in red.\n>\n";

    @Test
    void aReplyByEmailThroughTheSmtpListenerLandsAsTheContact() throws Exception {
        Customer c = customer();
        reply(c.conversationId(), "Which size?");
        String replyTo = replyAddress(mail.awaitTo(c.email()));
        try (WsClient agentSocket = server.agentSocket(tenant.agent())) {
            SmtpClient.send(server.smtpListenPort(), c.email(), replyTo,
                    rawReply(c.email(), replyTo, "Size M, please!\n\n-- \nAna Customer\nSent from my phone" + QUOTED));
            JsonNode event = agentSocket.await(f -> "message.created".equals(f.path("event").asText())
                    && c.conversationId().equals(f.path("conversation_id").asText()));
            assertThat(event.at("/data/text").asText()).isEqualTo("Size M, please!");
            assertThat(event.at("/data/sender/type").asText()).isEqualTo("contact");
            assertThat(event.at("/data/sender/id").asText()).isEqualTo(c.visitor().contactId());
        }
        JsonNode messages = c.visitor().http().get("/api/v1/visitor/conversations/" + c.conversationId() + "/messages").body();
        JsonNode last = messages.get("messages").get(messages.get("messages").size() - 1);
        assertThat(last.get("text").asText()).isEqualTo("Size M, please!");
    }

    @Test
    void theHttpInboundEndpointAttachesOnceAndChecksItsSecret() throws Exception {
        Customer c = customer();
        reply(c.conversationId(), "Anything else?");
        String replyTo = replyAddress(mail.awaitTo(c.email()));
        String boundary = "b-" + UUID.randomUUID();
        String raw = "From: \"Customer\" <" + c.email().toUpperCase() + ">\r\n"
                + "To: \"Donni via Parley\" <" + replyTo + ">\r\n"
                + "Subject: Re: New reply\r\nMessage-ID: <" + UUID.randomUUID() + "@gmail.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "No, that's all. Thank you!" + QUOTED.replace("\n", "\r\n") + "\r\n"
                + "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<div>No, that's all. Thank you!</div><div class=\"gmail_quote\">old</div>\r\n"
                + "--" + boundary + "--\r\n";
        Http inbound = server.http().with("Authorization", "Bearer " + TestServer.INBOUND_SECRET)
                .with("Content-Type", "message/rfc822");
        try (WsClient agentSocket = server.agentSocket(tenant.agent())) {
            Http.Response attached = inbound.sendBody("POST", "/api/v1/inbound/email", raw);
            assertThat(attached.status()).as(attached.raw()).isEqualTo(201);
            assertThat(attached.body().get("conversation_id").asText()).isEqualTo(c.conversationId());
            JsonNode event = agentSocket.awaitEvent("message.created");
            assertThat(event.at("/data/text").asText()).isEqualTo("No, that's all. Thank you!");
            assertThat(event.at("/data/sender/type").asText()).isEqualTo("contact");
        }
        long count = messageCount(c.conversationId());
        Http.Response again = inbound.sendBody("POST", "/api/v1/inbound/email", raw);
        assertThat(again.status()).as("a redelivery attaches nothing new").isEqualTo(200);
        assertThat(messageCount(c.conversationId())).isEqualTo(count);

        assertThat(server.http().with("Authorization", "Bearer wrong").sendBody("POST", "/api/v1/inbound/email", raw).status())
                .isEqualTo(401);
        assertThat(server.http().sendBody("POST", "/api/v1/inbound/email", raw).status()).isEqualTo(401);
        String big = rawReply(c.email(), replyTo, "Big one, fine\n\nOn Fri, Nov 27, 2026 at 5:02 PM Donni wrote:\n"
                + "> x".repeat(150_000));
        assertThat(big.length()).as("over the 256 KB JSON body limit, under 1 MB").isGreaterThan(400_000);
        Http.Response bigAttached = inbound.sendBody("POST", "/api/v1/inbound/email", big);
        assertThat(bigAttached.status()).as(bigAttached.raw()).isEqualTo(201);
        byte[] huge = new byte[InboundEmailService.MAX_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThat(inbound.sendBody("POST", "/api/v1/inbound/email", huge).status()).isEqualTo(413);
    }

    @Test
    void aForgedTokenIsRefusedAndAMismatchedSenderQuarantined() throws Exception {
        Customer c = customer();
        reply(c.conversationId(), "Your order shipped");
        String replyTo = replyAddress(mail.awaitTo(c.email()));
        long before = messageCount(c.conversationId());
        Http inbound = server.http().bearer(TestServer.INBOUND_SECRET);

        String forged = "reply+" + "a".repeat(32) + "@reply.example";
        assertThatThrownBy(() -> SmtpClient.send(server.smtpListenPort(), c.email(), forged, rawReply(c.email(), forged, "hi")))
                .hasStackTraceContaining("550 5.1.1");
        Http.Response refused = inbound.sendBody("POST", "/api/v1/inbound/email", rawReply(c.email(), forged, "hi"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("unknown_reply_address");
        assertThat(inbound.sendBody("POST", "/api/v1/inbound/email", rawReply(c.email(), "shop@reply.example", "hi"))
                .errorCode()).isEqualTo("no_reply_address");

        String intruder = "intruder@evil.example";
        Http.Response quarantined = inbound.sendBody("POST", "/api/v1/inbound/email",
                rawReply(intruder, replyTo, "Send the parcel to my address instead"));
        assertThat(quarantined.status()).isEqualTo(202);
        assertThat(quarantined.body().get("status").asText()).isEqualTo("quarantined");
        SmtpClient.send(server.smtpListenPort(), intruder, replyTo, rawReply(intruder, replyTo, "Also by SMTP"));

        assertThat(messageCount(c.conversationId())).as("nothing attached").isEqualTo(before);
        assertThat(server.count("SELECT COUNT(*) FROM inbound_emails WHERE conversation_id = ? AND status = 'quarantined' "
                + "AND reason = 'sender_mismatch' AND from_address = ?", c.conversationId(), intruder)).isEqualTo(2);

        execute("UPDATE reply_addresses SET expires_at = 1 WHERE conversation_id = ?", c.conversationId());
        assertThat(inbound.sendBody("POST", "/api/v1/inbound/email", rawReply(c.email(), replyTo, "late")).errorCode())
                .as("expired").isEqualTo("unknown_reply_address");
        assertThat(messageCount(c.conversationId())).isEqualTo(before);
    }

    @Test
    void aRestartWhileAJobIsPendingSendsItExactlyOnce() {
        Customer c = customer();
        reply(c.conversationId(), "Sent just before the restart");
        await("the job", () -> "pending".equals(jobStatus(c.conversationId(), "EMAIL")));
        server.restart();
        MimeMessage email = mail.awaitTo(c.email());
        assertThat(MailServer.plainText(email)).contains("Sent just before the restart");
        sleep(3_000);
        assertThat(mail.to(c.email())).hasSize(1);
        assertThat(jobStatus(c.conversationId(), "EMAIL")).isEqualTo("sent");
    }

    @Test
    void aReplyWhoseEventWasNeverHandledIsCaughtUpWhenTheNodeStarts() {
        Customer c = customer();
        reply(c.conversationId(), "Committed, then the node died");
        await("the job", () -> "pending".equals(jobStatus(c.conversationId(), "EMAIL")));
        // As if the node had stopped between the commit and the async Notifier: no reach row, no jobs.
        execute("DELETE FROM notification_jobs WHERE conversation_id = ?", c.conversationId());
        execute("DELETE FROM reply_reach WHERE conversation_id = ?", c.conversationId());
        server.restart();
        assertThat(MailServer.plainText(mail.awaitTo(c.email()))).contains("Committed, then the node died");
        assertThat(server.count("SELECT COUNT(*) FROM reply_reach WHERE conversation_id = ?", c.conversationId())).isEqualTo(1);
        sleep(2_500);
        assertThat(mail.to(c.email())).hasSize(1);
    }

    @Test
    void aJobLeftSendingByADeadNodeWaitsForItsLeaseThenIsSent() {
        Customer c = customer();
        reply(c.conversationId(), "Claimed by a node that died");
        await("the job", () -> "pending".equals(jobStatus(c.conversationId(), "EMAIL")));
        long leaseUntil = System.currentTimeMillis() + 4_000;
        // As if another node had claimed it and died mid-send: sending, attempt 1, a lease still running.
        execute("UPDATE notification_jobs SET status = 'sending', attempts = 1, lease_until = ? WHERE conversation_id = ? "
                + "AND channel = 'EMAIL'", leaseUntil, c.conversationId());
        sleep(2_500);
        assertThat(mail.to(c.email())).as("not while the lease runs").isEmpty();
        MimeMessage email = mail.awaitTo(c.email());
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(leaseUntil);
        assertThat(MailServer.plainText(email)).contains("Claimed by a node that died");
        await("the job", () -> "sent".equals(jobStatus(c.conversationId(), "EMAIL")));
        assertThat(server.count("SELECT attempts FROM notification_jobs WHERE conversation_id = ? AND channel = 'EMAIL'",
                c.conversationId())).isEqualTo(2);
    }

    @Test
    void unsubscribeTurnsEmailOffAndPreferencesCanBeChanged() throws Exception {
        Customer c = customer();
        reply(c.conversationId(), "First");
        MimeMessage email = mail.awaitTo(c.email());
        String header = email.getHeader("List-Unsubscribe")[0];
        String url = header.substring(1, header.length() - 1);
        String path = url.substring(server.baseUrl().length());

        Http.Response page = server.http().get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.raw()).contains("<form method=\"post\"");
        assertThat(c.visitor().http().get("/api/v1/visitor/notifications").body().get("email").asBoolean())
                .as("a GET changes nothing").isTrue();

        Http.Response oneClick = server.http().with("Content-Type", "application/x-www-form-urlencoded")
                .sendBody("POST", path, "List-Unsubscribe=One-Click");
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(c.visitor().http().get("/api/v1/visitor/notifications").raw()).isEqualTo("{\"email\":false,\"push\":true}");

        reply(c.conversationId(), "Second");
        await("the job", () -> "skipped".equals(jobStatus(c.conversationId(), "EMAIL")));
        assertThat(mail.to(c.email())).hasSize(1);

        assertThat(server.http().get("/api/v1/notify/unsubscribe?token=forged.token").status()).isEqualTo(400);
        assertThat(server.http().post("/api/v1/notify/unsubscribe?token=" + path.substring(path.indexOf('=') + 1) + "x", "")
                .status()).as("a tampered token").isEqualTo(400);

        Http.Response changed = c.visitor().http().patch("/api/v1/visitor/notifications", Map.of("email", true, "push", false));
        assertThat(changed.raw()).isEqualTo("{\"email\":true,\"push\":false}");
        assertThat(c.visitor().http().patch("/api/v1/visitor/notifications", Map.of("email", "yes")).status()).isEqualTo(400);
        assertThat(c.visitor().http().patch("/api/v1/visitor/notifications", Map.of("sms", true)).status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/visitor/notifications").status()).isEqualTo(401);
    }

    @Test
    void anSmtpFailureIsRetriedWithBackoffThenSucceedsOrEndsFailed() {
        mail.close();
        try {
            Customer c = customer();
            reply(c.conversationId(), "While the mail server is down");
            await("a failed attempt", () -> server.count("SELECT COUNT(*) FROM notification_jobs WHERE conversation_id = ? "
                    + "AND channel = 'EMAIL' AND status = 'pending' AND attempts = 1 AND last_error IS NOT NULL",
                    c.conversationId()) == 1);
            long due = server.count("SELECT due_at FROM notification_jobs WHERE conversation_id = ? AND channel = 'EMAIL'",
                    c.conversationId());
            assertThat(due - System.currentTimeMillis()).as("the next attempt in about a minute")
                    .isBetween(50_000L, 61_000L);

            mail = new MailServer(mail.port());
            execute("UPDATE notification_jobs SET due_at = 0 WHERE conversation_id = ?", c.conversationId());
            assertThat(MailServer.plainText(mail.awaitTo(c.email()))).contains("While the mail server is down");
            assertThat(server.count("SELECT attempts FROM notification_jobs WHERE conversation_id = ? AND channel = 'EMAIL'",
                    c.conversationId())).isEqualTo(2);

            mail.close();
            Customer d = customer();
            reply(d.conversationId(), "Never delivered");
            await("the job", () -> "pending".equals(jobStatus(d.conversationId(), "EMAIL")));
            execute("UPDATE notification_jobs SET attempts = 4, due_at = 0 WHERE conversation_id = ? AND channel = 'EMAIL'",
                    d.conversationId());
            await("the last attempt", () -> "failed".equals(jobStatus(d.conversationId(), "EMAIL")));
            JsonNode failed = tenant.owner().http().get("/api/v1/notifications/failed").body().get("jobs");
            assertThat(failed).anySatisfy(job -> {
                assertThat(job.get("conversation_id").asText()).isEqualTo(d.conversationId());
                assertThat(job.get("channel").asText()).isEqualTo("email");
                assertThat(job.get("attempts").asInt()).isEqualTo(5);
                assertThat(job.get("last_error").asText()).isNotEmpty();
            });

            // The dead-letter list's Retry: admins only, once the mail server is back the email goes out.
            String jobId = java.util.stream.StreamSupport.stream(failed.spliterator(), false)
                    .filter(job -> job.get("conversation_id").asText().equals(d.conversationId()))
                    .findFirst().orElseThrow().get("id").asText();
            mail = new MailServer(mail.port());
            String retry = "/api/v1/notifications/failed/" + jobId + "/retry";
            assertThat(tenant.agent().http().post(retry, "").status()).isEqualTo(403);
            assertThat(tenant.owner().http().post(retry, "").status()).isEqualTo(202);
            assertThat(MailServer.plainText(mail.awaitTo(d.email()))).contains("Never delivered");
            // The mail server has the email a moment before the worker records the job sent (409 meanwhile).
            await("the job sent", () -> "sent".equals(jobStatus(d.conversationId(), "EMAIL")));
            assertThat(tenant.owner().http().post(retry, "").status()).as("no longer failed").isEqualTo(404);
        } finally {
            if (mail.to("nobody@x").isEmpty()) {
                mail.close();
            }
            mail = new MailServer(mail.port());
        }
    }

    @Test
    void replyReachCountsAScriptedScenario() {
        TestServer.Tenant shop = server.tenant("Reach shop");
        long from = System.currentTimeMillis() - 1;
        Customer answered = customer(shop, true);
        Customer noEmail = customer(shop, false);
        Customer readIt = customer(shop, true);
        Customer onSite = customer(shop, true);
        try (WsClient widget = server.visitorSocket(onSite.visitor())) {
            reply(shop, onSite.conversationId(), "Seen live: the visitor is on the site");
            await("the reach row", () -> server.count("SELECT COUNT(*) FROM reply_reach WHERE conversation_id = ?",
                    onSite.conversationId()) == 1);
        }
        assertThat(server.count("SELECT COUNT(*) FROM reply_reach WHERE conversation_id = ? AND visitor_present = ?",
                onSite.conversationId(), true)).as("an open widget socket is presence").isEqualTo(1);
        reply(shop, answered.conversationId(), "Emailed, then answered");
        reply(shop, noEmail.conversationId(), "Nowhere to send this");
        long read = reply(shop, readIt.conversationId(), "Read in time, answered later");
        readIt.visitor().http().post("/api/v1/visitor/conversations/" + readIt.conversationId() + "/read", Map.of("seq", read));
        mail.awaitTo(answered.email());
        await("the jobs", () -> !"pending".equals(jobStatus(noEmail.conversationId(), "EMAIL"))
                && !"pending".equals(jobStatus(readIt.conversationId(), "EMAIL")));
        for (Customer c : List.of(answered, readIt)) {
            assertThat(c.visitor().http().post("/api/v1/visitor/conversations/" + c.conversationId() + "/messages",
                    Map.of("client_msg_id", "a-" + UUID.randomUUID(), "text", "Thanks")).status()).isEqualTo(201);
        }
        await("answers recorded", () -> server.count("SELECT COUNT(*) FROM reply_reach WHERE workspace_id = ? "
                + "AND answered_at IS NOT NULL", shop.workspace().id()) == 2);

        long to = System.currentTimeMillis() + 1;
        JsonNode reach = shop.owner().http().get("/api/v1/analytics/reply-reach?from=" + from + "&to=" + to).body();
        assertThat(reach.get("replies_to_absent").asLong()).isEqualTo(3);
        assertThat(reach.get("notified").asLong()).isEqualTo(1);
        assertThat(reach.get("notified_share").asDouble()).isEqualTo(0.3333);
        assertThat(reach.get("answered").asLong()).isEqualTo(2);
        assertThat(reach.get("answered_share").asDouble()).isEqualTo(0.6667);
        assertThat(shop.owner().http().get("/api/v1/analytics/reply-reach").body().get("replies_to_absent").asLong())
                .as("default: the last 30 days").isEqualTo(3);
        JsonNode empty = shop.owner().http().get("/api/v1/analytics/reply-reach?from=1&to=2").body();
        assertThat(empty.get("replies_to_absent").asLong()).isZero();
        assertThat(empty.get("notified_share").asDouble()).isZero();
        assertThat(shop.owner().http().get("/api/v1/analytics/reply-reach?from=5&to=5").status()).isEqualTo(400);
        assertThat(tenant.owner().http().get("/api/v1/analytics/reply-reach?from=" + from + "&to=" + to).body()
                .get("replies_to_absent").asLong()).as("another workspace sees its own replies only").isNotEqualTo(3);
    }

    @Test
    void adminRoutesCheckTheRole() {
        for (String path : List.of("/api/v1/notifications/failed", "/api/v1/analytics/reply-reach")) {
            assertThat(tenant.owner().http().get(path).status()).as(path).isEqualTo(200);
            assertThat(server.http().bearer(tenant.apiKey()).get(path).status()).as(path).isEqualTo(200);
            assertThat(tenant.agent().http().get(path).status()).as(path).isEqualTo(403);
            assertThat(server.http().get(path).status()).as(path).isEqualTo(401);
            Customer c = customer();
            assertThat(c.visitor().http().get(path).status()).as("a visitor token").isEqualTo(401);
        }
    }
}
