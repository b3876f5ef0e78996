package org.parley.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.parley.inbox.InboxBrowserIT;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The contact panel's privacy actions in headless Chromium (docs/privacy.md): an owner downloads a contact's data,
 * deletes the contact through the confirmation dialog and sees its conversation leave the list; a contact deleted
 * elsewhere leaves the list live. SQLite only (ContactPrivacyIT covers both databases).
 */
class ContactPrivacyBrowserIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String item(String conversationId) {
        return "[data-testid=conversation-item][data-conversation-id='" + conversationId + "']";
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOwnerExportsThenDeletesAContactAndItsConversationLeavesTheList() {
        TestServer.Tenant shop = server.tenant("Privacy shop");
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Please forget me");
        TestServer.Visitor other = server.visitor(shop);
        String otherConversation = server.conversation(other, "Keep my question");
        TestServer.Visitor third = server.visitor(shop);
        String thirdConversation = server.conversation(third, "Deleted by the API");

        try (Browser browser = InboxBrowserIT.signInAt(server, shop.owner())) {
            browser.find("[data-testid=tab-all]").click();
            browser.find(item(conversation)).click();
            browser.find("[data-testid=conversation][data-conversation-id='" + conversation + "']");
            WebElement export = browser.find("[data-testid=contact-export]");
            assertThat(export.getText()).isEqualTo("Export data");
            assertThat(export.getAttribute("download")).isEqualTo("contact-" + visitor.contactId() + ".json");
            // What the link downloads, fetched as the browser would (same origin, the session cookie).
            Map<String, Object> download = (Map<String, Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(arguments[0]).then(async r => done({status: r.status,
                        disposition: r.headers.get('content-disposition'), body: await r.text()}));""",
                    export.getAttribute("href"));
            assertThat(download.get("status")).isEqualTo(200L);
            assertThat((String) download.get("disposition")).startsWith("attachment;");
            assertThat((String) download.get("body")).contains(visitor.contactId(), "Please forget me");

            browser.find("[data-testid=contact-delete]").click();
            WebElement dialog = browser.find("[data-testid=contact-delete-dialog]");
            assertThat(dialog.getText()).contains("1 conversation with every message and private note");
            assertThat(browser.driver().switchTo().activeElement().getText()).as("focus starts on Cancel").isEqualTo("Cancel");
            assertThat(browser.axeViolations()).as("axe: the delete dialog").isEmpty();
            browser.find("[data-testid=contact-delete-confirm]").click();

            browser.waitFor(d -> d.findElements(By.cssSelector(item(conversation))).isEmpty() ? Boolean.TRUE : null);
            browser.find(item(otherConversation));
            assertThat((String) browser.js("return location.hash")).isIn("#/", "");
            assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE id = ?", conversation)).isZero();

            Http.Response deleted = server.http().bearer(shop.apiKey()).delete("/api/v1/contacts/" + third.contactId());
            assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
            browser.waitFor(d -> d.findElements(By.cssSelector(item(thirdConversation))).isEmpty() ? Boolean.TRUE : null);
            assertThat(browser.driver().findElements(By.cssSelector(item(otherConversation)))).hasSize(1);
        }
    }
}
