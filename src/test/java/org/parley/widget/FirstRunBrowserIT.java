package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.parley.testing.Browser;
import org.parley.testing.TestServer;

/**
 * Issue 12's promise, in real browsers: on a server with no demo and an empty database, a shop owner fills
 * in the setup screen, pastes the snippet it shows into their own site (another origin, served here by a
 * tiny web server), and a visitor there chats with the new owner live, in the owner's inbox.
 */
class FirstRunBrowserIT {
    @Test
    void fromAnEmptyServerToALiveChatOnTheOwnersSite() throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String[] page = {"<!doctype html><title>Not yet</title>"};
        site.createContext("/", exchange -> {
            byte[] body = page[0].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        String siteOrigin = "http://127.0.0.1:" + site.getAddress().getPort();
        try (TestServer server = TestServer.start("sqlite"); Browser owner = Browser.desktop(); Browser phone = Browser.phone()) {
            assertThat(server.count("SELECT COUNT(*) FROM workspaces")).as("an empty database").isZero();

            owner.open(server.baseUrl() + "/app");
            owner.find("[data-testid=setup-name]").sendKeys("Olive Owner");
            owner.find("[data-testid=setup-email]").sendKeys("olive@olives.example");
            owner.find("[data-testid=setup-password]").sendKeys(TestServer.PASSWORD);
            owner.find("[data-testid=setup-password2]").sendKeys(TestServer.PASSWORD);
            owner.find("[data-testid=setup-business]").sendKeys("Olive Oils");
            owner.find("[data-testid=setup-site]").sendKeys(siteOrigin);
            owner.find("[data-testid=setup-submit]").click();
            String snippet = owner.find("[data-testid=welcome-snippet]").getAttribute("value");
            assertThat(snippet).contains("<script").contains(server.baseUrl() + "/widget.js");

            // The owner pastes the snippet into their own page, on their own origin.
            page[0] = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Olive Oils</title></head>"
                    + "<body><h1>Cold-pressed olive oils</h1>" + snippet + "</body></html>";
            WidgetBrowserIT.Widget widget = new WidgetBrowserIT.Widget(phone, server).open(siteOrigin + "/");
            widget.bubble().click();
            widget.enterFrame();
            assertThat(phone.find("h1").getText()).isEqualTo("Olive Oils");
            widget.button(WidgetBrowserIT.START).click();
            widget.send("Is the early harvest in stock?");
            widget.awaitSent("Is the early harvest in stock?");

            // Live in the owner's inbox, without a reload; the owner answers from there.
            WebElement item = owner.waitFor(d -> d.findElements(By.cssSelector("[data-testid=conversation-item]")).stream()
                    .filter(e -> e.getText().contains("early harvest")).findFirst().orElse(null));
            item.click();
            WebElement composer = owner.find("[data-testid=composer-input]");
            composer.sendKeys("Yes, two bottles left.");
            composer.sendKeys(Keys.ENTER);

            widget.awaitMessage("Yes, two bottles left.");
            List<String> texts = widget.messageTexts();
            assertThat(texts).containsSubsequence("Is the early harvest in stock?", "Yes, two bottles left.");
            assertThat(server.count("SELECT COUNT(*) FROM messages WHERE sender_type <> 'SYSTEM'")).as("both messages stored once").isEqualTo(2);
        } finally {
            site.stop(0);
        }
    }
}
