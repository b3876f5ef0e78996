package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.widget.WidgetBrowserIT.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.parley.file.Samples;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;

/**
 * Files end to end in real browsers (docs/files.md): a visitor on a phone-sized page sends a photo from the widget,
 * the agent sees its thumbnail in the inbox and opens it, answers with a PDF, and the visitor downloads it; then the
 * same customer in /me sees both, sends a photo from there and downloads the PDF. SQLite (the API suites cover
 * PostgreSQL). Needs the web build.
 */
class FilesBrowserIT {
    static MailServer mail;
    static TestServer server;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        server = TestServer.startWithSmtp("sqlite", mail.url());
    }

    @AfterAll
    static void stop() {
        server.close();
        mail.close();
    }

    static Path write(Path dir, String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** An image on the page that has loaded (its pixels decoded), by its alt text. */
    static boolean imageShown(Browser browser, String css) {
        return Boolean.TRUE.equals(browser.js("const i = document.querySelector(arguments[0]);"
                + "return !!i && i.complete && i.naturalWidth > 0", css));
    }

    static void attachAndAwaitUploaded(Browser browser, String input, Path file) {
        browser.driver().findElement(By.cssSelector(input)).sendKeys(file.toString());
        await(browser, "the chip of " + file.getFileName() + " uploaded", () -> !browser.driver().findElements(
                By.cssSelector("li.upload[data-state=done]")).isEmpty());
    }

    static void awaitDownloaded(Browser browser, Path dir, String name, byte[] expected) {
        await(browser, name + " downloaded", () -> {
            try {
                Path file = dir.resolve(name);
                return Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), expected);
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aPhonePhotoToTheAgentAPdfBackAndTheSameInTheCustomerInbox() throws Exception {
        TestServer.Tenant shop = server.tenant("Scarf shop");
        Path work = Files.createTempDirectory("files-browser");
        Path photo = write(work, "stain.jpg", Samples.jpeg(1600, 1200));
        byte[] chartBytes = Samples.pdf("Size chart");
        Path chart = write(work, "size-chart.pdf", chartBytes);
        Path phoneDownloads = Files.createDirectories(work.resolve("phone-downloads"));
        Path meDownloads = Files.createDirectories(work.resolve("me-downloads"));
        String conversation;
        String token;

        try (Browser phone = Browser.phone().allowDownloadsTo(phoneDownloads); Browser desk = Browser.desktop()) {
            WidgetBrowserIT.Widget widget = new WidgetBrowserIT.Widget(phone, server).openDemo(shop);
            widget.bubble().click();
            widget.enterFrame();
            widget.button(WidgetBrowserIT.START).click();
            phone.find("button.attach[aria-label='Attach a file']");
            attachAndAwaitUploaded(phone, "input.attach-input[type=file]", photo);
            phone.find("button.send").click();
            await(phone, "the photo's thumbnail in the thread", () -> imageShown(phone, "img.att-thumb[alt='stain.jpg']"));
            conversation = WidgetBrowserIT.agentFindsConversation(shop);
            assertThat(phone.axeViolations()).as("axe: the widget with a photo").isEmpty();

            // The agent sees the thumbnail, opens the photo, answers with a PDF.
            desk.open(server.baseUrl() + "/app");
            desk.find("[data-testid=login-email]").sendKeys(shop.agent().email());
            desk.find("[data-testid=login-password]").sendKeys(TestServer.PASSWORD);
            desk.find("[data-testid=login-submit]").click();
            desk.find("[data-testid=tab-all]").click();
            desk.find("[data-testid=conversation-item][data-conversation-id='" + conversation + "']").click();
            await(desk, "the thumbnail in the inbox", () -> imageShown(desk, "[data-testid=attachments] img.att-thumb[alt='stain.jpg']"));
            desk.find("[data-testid=attachments] button.att-open").click();
            desk.find(".viewer[role=dialog][aria-label='stain.jpg']");
            await(desk, "the full photo in the viewer", () -> imageShown(desk, ".viewer img.viewer-img"));
            assertThat(desk.axeViolations()).as("axe: the inbox's viewer").isEmpty();
            new org.openqa.selenium.interactions.Actions(desk.driver()).sendKeys(Keys.ESCAPE).perform();
            await(desk, "the viewer closed", () -> desk.driver().findElements(By.cssSelector(".viewer")).isEmpty());
            attachAndAwaitUploaded(desk, "[data-testid=attach-input]", chart);
            WebElement box = desk.find("[data-testid=composer-input]");
            box.sendKeys("Here is our size chart");
            box.sendKeys(Keys.ENTER);
            await(desk, "the PDF's card in the reply", () -> desk.driver().findElements(
                    By.cssSelector("[data-testid=file-card] .att-name")).stream().anyMatch(e -> e.getText().contains("size-chart.pdf")));

            // The visitor gets it live and downloads it.
            await(phone, "the PDF's card in the widget", () -> phone.driver().findElements(By.cssSelector(".att-file .att-name"))
                    .stream().anyMatch(e -> e.getText().contains("size-chart.pdf")));
            widget.awaitMessage("Here is our size chart");
            phone.find(".att-file button.att-download").click();
            awaitDownloaded(phone, phoneDownloads, "size-chart.pdf", chartBytes);
            widget.hostPage();
            token = widget.storedToken(shop);
        }

        // The same customer in /me, signed in from an emailed link.
        String email = "me-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(server.http().bearer(token).with("Origin", server.baseUrl())
                .post("/api/v1/customer/magic-link", Map.of("email", email)).status()).isEqualTo(202);
        String link = MailServer.extract(mail.awaitTo(email), "(http\\S+/me#/signin\\?token=[A-Za-z0-9_-]+)");
        Path second = write(work, "outfit.png", Samples.png(800, 600));
        try (Browser me = Browser.phone().allowDownloadsTo(meDownloads)) {
            me.open(link);
            me.find(".me-item").click();
            await(me, "the widget's photo in /me", () -> imageShown(me, "img.att-thumb[alt='stain.jpg']"));
            await(me, "the PDF in /me", () -> me.driver().findElements(By.cssSelector(".att-file .att-name")).stream()
                    .anyMatch(e -> e.getText().contains("size-chart.pdf")));
            me.find(".att-file button.att-download").click();
            awaitDownloaded(me, meDownloads, "size-chart.pdf", chartBytes);
            me.find("img.att-thumb[alt='stain.jpg']").click();
            me.find(".viewer[role=dialog]");
            await(me, "the full photo in /me's viewer", () -> imageShown(me, ".viewer img.viewer-img"));
            me.find(".viewer button.viewer-close").click();
            attachAndAwaitUploaded(me, "input.attach-input[type=file]", second);
            me.find("button.send").click();
            await(me, "the /me photo in the thread", () -> imageShown(me, "img.att-thumb[alt='outfit.png']"));
            assertThat(me.axeViolations()).as("axe: /me with files").isEmpty();
        }
        List<JsonNode> messages = WidgetBrowserIT.agentMessages(shop, conversation);
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.at("/content/attachments/0/name").asText()).isEqualTo("outfit.png");
        Http.Bytes fromMe = shop.agent().http().getBytes("/api/v1/files/" + last.at("/content/attachments/0/id").asText());
        assertThat(fromMe.status()).isEqualTo(200);
        assertThat(fromMe.header("content-type")).isEqualTo("image/png");
    }
}
