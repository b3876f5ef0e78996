package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * The conversation follows the customer, end to end in real browsers with a real SMTP server: a visitor
 * writes on the demo shop, leaves an email and closes the tab; an agent replies; the email arrives; its
 * link, opened in a fresh browser profile, shows the same conversation signed in; the customer answers
 * there and the agent sees it live (reply by email itself: NotifyIT).
 */
class FollowUpBrowserIT {
    static MailServer mail;
    static TestServer server;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        server = TestServer.startWithNotifications("sqlite", mail.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void aVisitorWhoLeftGetsTheReplyByEmailAndContinuesOnAnotherDevice() throws Exception {
        TestServer.Tenant shop = server.tenant("Follow-up scarves");
        String email = "leaver-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String conversation;

        try (Browser visitorBrowser = Browser.desktop()) {
            WidgetBrowserIT.Widget w = new WidgetBrowserIT.Widget(visitorBrowser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button("Start a conversation").click();
            w.send("Do you have this scarf in green?");
            w.awaitSent("Do you have this scarf in green?");
            // Nobody of the team is online: the widget offers to send the answer by email.
            WebElement field = visitorBrowser.find("#parley-email");
            field.sendKeys(email);
            field.sendKeys(Keys.ENTER);
            await(visitorBrowser, "the email is confirmed", () -> visitorBrowser.driver().getPageSource().contains(email));
            conversation = onlyConversation(shop);
        }
        // The tab is closed. Past the 10 s grace period for reloads, the visitor has left.
        Thread.sleep(10_500);

        try (WsClient agentSocket = server.agentSocket(shop.agent())) {
            Http.Response reply = shop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "reply-1", "text", "Yes, in bottle green and in sage."));
            assertThat(reply.status()).as(reply.raw()).isEqualTo(201);

            MimeMessage sent = mail.awaitTo(email);
            assertThat(sent.getFrom()[0].toString()).contains("Follow-up scarves");
            String body = MailServer.plainText(sent);
            assertThat(body).contains("Yes, in bottle green and in sage.");
            java.util.regex.Matcher found = java.util.regex.Pattern.compile("(http\\S+/me#/signin\\?token=[A-Za-z0-9_-]+\\S*)")
                    .matcher(body);
            assertThat(found.find()).as("a continue link in: %s", body).isTrue();
            String link = found.group(1);
            JsonNode notified = agentSocket.awaitEvent("conversation.notified");
            assertThat(notified.at("/data/channel").asText()).isEqualTo("email");

            try (Browser phone = Browser.phone()) {
                phone.open(link);
                await(phone, "the conversation, signed in", () -> String.valueOf(phone.js("return location.hash"))
                        .equals("#/c/" + conversation));
                await(phone, "both messages", () -> {
                    Object texts = phone.js("return [...document.querySelectorAll('.msgs .bubble')].map(b => b.textContent)");
                    return texts instanceof List<?> list && list.size() >= 2
                            && String.valueOf(list).contains("Do you have this scarf in green?")
                            && String.valueOf(list).contains("Yes, in bottle green and in sage.");
                });
                WebElement box = phone.find(".composer textarea");
                box.sendKeys("Great, I'll take the sage one.");
                box.sendKeys(Keys.ENTER);
                JsonNode answered = agentSocket.await(f -> "message.created".equals(f.path("event").asText())
                        && "Great, I'll take the sage one.".equals(f.at("/data/text").asText()));
                assertThat(answered.get("conversation_id").asText()).isEqualTo(conversation);
                assertThat(answered.at("/data/sender/type").asText()).isEqualTo("contact");
            }
        }
        assertThat(mail.to(email)).as("exactly one notification email").hasSize(1);

        // The reply reach figure of this run: one reply to a visitor who had left, notified by email, answered.
        JsonNode reach = shop.owner().http().get("/api/v1/analytics/reply-reach").body();
        System.out.println("reply reach (end-to-end run): " + reach);
        assertThat(reach.get("replies_to_absent").asLong()).isEqualTo(1);
        assertThat(reach.get("notified").asLong()).isEqualTo(1);
        assertThat(reach.get("answered").asLong()).isEqualTo(1);
    }

    @Test
    void aFrenchVisitorsEmailIsInFrenchWithTheQuestionTheHistoryAndTheirTimeZone() throws Exception {
        TestServer.Tenant shop = server.tenant("Écharpes Donni");
        String email = "fr-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String conversation;
        try (Browser visitorBrowser = Browser.desktop("fr")) {
            ((org.openqa.selenium.chromium.HasCdp) visitorBrowser.driver()).executeCdpCommand(
                    "Emulation.setTimezoneOverride", Map.of("timezoneId", "America/Montreal"));
            WidgetBrowserIT.Widget w = new WidgetBrowserIT.Widget(visitorBrowser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button("Démarrer une conversation").click();
            w.send("Avez-vous cette écharpe en vert ?");
            w.awaitSent("Avez-vous cette écharpe en vert ?");
            WebElement field = visitorBrowser.find("#parley-email");
            field.sendKeys(email);
            field.sendKeys(Keys.ENTER);
            await(visitorBrowser, "the email is confirmed", () -> visitorBrowser.driver().getPageSource().contains(email));
            conversation = onlyConversation(shop);
        }
        Http.Response reply = shop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "reply-fr", "text", "Oui, en vert bouteille."));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);

        MimeMessage sent = mail.awaitTo(email);
        assertThat(sent.getSubject()).isEqualTo("Nouvelle réponse de Écharpes Donni");
        long repliedAt = reply.body().at("/message/created_at").asLong();
        String montreal = java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM,
                        java.time.format.FormatStyle.SHORT).withLocale(java.util.Locale.FRENCH)
                .withZone(java.time.ZoneId.of("America/Montreal")).format(java.time.Instant.ofEpochMilli(repliedAt));
        assertThat(MailServer.plainText(sent)).as("the widget's language and the browser's time zone").containsSubsequence(
                "Écharpes Donni a répondu à votre conversation.", "Votre question", "Avez-vous cette écharpe en vert ?",
                "Derniers messages", "Vous · ", "Avez-vous cette écharpe en vert ?", "[NOUVEAU] ", " · " + montreal,
                "Oui, en vert bouteille.", "Continuer la conversation\u00a0: " + server.baseUrl() + "/me");
        assertThat(MailServer.part(sent, "text/html")).contains("<html lang=\"fr\">", ">Nouveau</span>");
    }

    private static String onlyConversation(TestServer.Tenant shop) {
        JsonNode list = shop.agent().http().get("/api/v1/conversations").body().get("conversations");
        assertThat(list).hasSize(1);
        return list.get(0).get("id").asText();
    }

    static void await(Browser browser, String what, Supplier<Boolean> condition) {
        try {
            browser.waitFor(d -> {
                try {
                    return Boolean.TRUE.equals(condition.get()) ? true : null;
                } catch (RuntimeException e) {
                    return null;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what);
        }
    }
}
