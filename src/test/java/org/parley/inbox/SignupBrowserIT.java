package org.parley.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.testing.Browser;
import org.parley.testing.EnvNode;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;

/**
 * Open sign-up in a real browser: "Create a business" on the sign-in screen, the emailed link, the form it
 * opens, and the new owner's inbox with the snippet of the new workspace.
 */
class SignupBrowserIT {
    @Test
    void aStrangerCreatesABusinessThroughTheEmailedLink() throws Exception {
        try (MailServer mail = new MailServer()) {
            try (EnvNode node = EnvNode.start("sqlite", Map.of("PARLEY_SIGNUP", "open", "PARLEY_SMTP_URL", mail.url()));
                 Browser browser = Browser.desktop()) {
                String base = node.address();
                // Someone set the server up already: the sign-in screen, with the way to create a business.
                node.site().post("/api/v1/setup", Map.of("name", "Ada",
                        "email", "ada@host.example", "password", TestServer.PASSWORD, "business_name", "Host",
                        "site_url", "https://host.example"));
                browser.open(base + "/app");
                browser.find("[data-testid=signup-link]").click();
                browser.find("[data-testid=signup-email]").sendKeys("cleo@ceramics.example");
                browser.find("[data-testid=signup-request-submit]").click();
                assertThat(browser.find("[data-testid=signup-sent]").getText()).contains("cleo@ceramics.example");

                String link = MailServer.plainText(mail.awaitTo("cleo@ceramics.example")).lines()
                        .filter(l -> l.contains("#/signup?token=")).findFirst().orElseThrow().strip();
                browser.open(link);
                browser.find("[data-testid=signup-name]").sendKeys("Cleo");
                browser.find("[data-testid=signup-password]").sendKeys(TestServer.PASSWORD);
                browser.find("[data-testid=signup-password2]").sendKeys(TestServer.PASSWORD);
                browser.find("[data-testid=signup-business]").sendKeys("Cleo Ceramics");
                browser.find("[data-testid=signup-site]").sendKeys("https://ceramics.example");
                browser.find("[data-testid=signup-submit]").click();

                String snippet = browser.find("[data-testid=welcome-snippet]").getAttribute("value");
                String key = node.wiring().workspaces.listAll().stream().filter(s -> s.workspace().name().equals("Cleo Ceramics"))
                        .findFirst().orElseThrow().workspace().widgetKey();
                assertThat(snippet).contains(key);
                browser.find("[data-testid=conversation-list]");
                assertThat(browser.axeViolations()).as("the inbox after sign-up").isEmpty();
            }
        }
    }
}
