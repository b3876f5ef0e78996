package org.parley.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.identity.Role;
import org.parley.testing.TestServer;

/**
 * The inbox's administration screens (issue 12) in headless Chromium: widget key rotation and the identity
 * secret on the workspace page, the Notifications page, an invitation accepted by an existing account, and
 * the workspace switcher of an account in two workspaces. Hooks are listed in docs/inbox.md.
 */
class AdminScreensBrowserIT {
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

    static Browser signIn(TestServer.Agent agent) {
        return InboxBrowserIT.signInAt(server, agent);
    }

    /** Confirms the browser's confirm() dialog the screen opens before a rotation. */
    static void accept(Browser browser) {
        browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
    }

    @Test
    void anOwnerRotatesTheWidgetKeyAndRevealsTheIdentitySecret() {
        TestServer.Tenant shop = server.tenant("Key shop");
        String oldKey = shop.widgetKey();
        try (Browser browser = signIn(shop.owner())) {
            browser.open(server.baseUrl() + "/app#/settings/workspace");
            assertThat(browser.find("[data-testid=widget-snippet]").getAttribute("value")).contains(oldKey);
            assertThat(browser.axeViolations()).as("workspace settings").isEmpty();

            new Select(browser.find("[data-testid=widget-key-grace]")).selectByVisibleText("1 hour");
            browser.find("[data-testid=widget-key-rotate]").click();
            accept(browser);
            String newKey = browser.find("[data-testid=widget-key-new]").getText();
            assertThat(newKey).isNotBlank().isNotEqualTo(oldKey);
            assertThat(browser.find("[data-testid=widget-key-new-snippet]").getAttribute("value")).contains("data-workspace=\"" + newKey + "\"");
            assertThat(browser.find("[data-testid=widget-snippet]").getAttribute("value")).as("the page's snippet follows")
                    .contains(newKey).doesNotContain(oldKey);
            assertThat(browser.find("[data-testid=widget-key-old-until]").getText()).isNotBlank();
            assertThat(shop.owner().http().get("/api/v1/workspace").body().get("widget_key").asText()).isEqualTo(newKey);
            Http.Response old = server.http().with("Origin", "https://shop.example").get("/api/v1/widget/config?key=" + oldKey);
            assertThat(old.status()).as("the old key works during the grace period: " + old.raw()).isEqualTo(200);

            browser.find("[data-testid=identity-secret-reveal]").click();
            String shown = browser.find("[data-testid=identity-secret]").getAttribute("value");
            String secret = shop.owner().http().get("/api/v1/workspace/identity-secret").body().get("identity_secret").asText();
            assertThat(shown).isEqualTo(secret);
            browser.find("[data-testid=identity-secret-rotate]").click();
            accept(browser);
            InboxBrowserIT.await(browser, "the new secret", () -> !secret.equals(
                    browser.find("[data-testid=identity-secret]").getAttribute("value")));
            assertThat(browser.find("[data-testid=identity-secret]").getAttribute("value")).isEqualTo(
                    shop.owner().http().get("/api/v1/workspace/identity-secret").body().get("identity_secret").asText());
        }
    }

    @Test
    void theNotificationsPageShowsTheReplyReachAndTheFailedJobs() {
        TestServer.Tenant shop = server.tenant("Notification shop");
        try (Browser browser = signIn(shop.owner())) {
            browser.open(server.baseUrl() + "/app#/settings/notifications");
            assertThat(browser.find("[data-testid=reach-absent]").getText()).isEqualTo("0");
            browser.find("[data-testid=failed-none]");
            assertThat(browser.axeViolations()).as("notifications page").isEmpty();
        }
        try (Browser browser = signIn(shop.agent())) {
            browser.open(server.baseUrl() + "/app#/settings/me");
            browser.find("[data-testid=settings-me]");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=settings-nav-notifications]"))).as("agents")
                    .isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=settings-nav-server]"))).isEmpty();
        }
    }

    /** Tenant B's owner invites tenant A's agent; returns the invitation's link. */
    static String invite(TestServer.Tenant into, TestServer.Agent who) {
        Http.Response invited = into.owner().http().post("/api/v1/invitations", Map.of("email", who.email(), "role", "agent"));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        return invited.body().get("url").asText();
    }

    @Test
    void anExistingAccountAcceptsAnInvitationWithItsOwnPassword() {
        TestServer.Tenant scarves = server.tenant("Scarves");
        TestServer.Tenant hats = server.tenant("Hats");
        String url = invite(hats, scarves.agent());
        try (Browser browser = Browser.desktop().open(url)) {
            assertThat(browser.find("[data-testid=invite-form]").getAttribute("data-existing-account")).isEqualTo("true");
            assertThat(browser.find("h1").getText()).isEqualTo("Sign in to accept");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=confirm-password]"))).as("no repeat").isEmpty();
            assertThat(browser.axeViolations()).as("invitation for an existing account").isEmpty();
            browser.find("[data-testid=invite-name]").sendKeys("Ana at Hats");
            browser.find("[data-testid=invite-password]").sendKeys("not my password");
            browser.find("[data-testid=invite-submit]").click();
            assertThat(browser.find("[data-testid=invite-submit-error]").getText()).isEqualTo("Wrong password.");

            browser.find("[data-testid=invite-password]").clear();
            browser.find("[data-testid=invite-password]").sendKeys(TestServer.PASSWORD);
            browser.find("[data-testid=invite-submit]").click();
            browser.find("[data-testid=conversation-list]");
            Select switcher = new Select(browser.find("[data-testid=workspace-switcher]"));
            assertThat(switcher.getFirstSelectedOption().getAttribute("value")).as("opens the new workspace")
                    .isEqualTo(hats.workspace().id());
            assertThat(switcher.getOptions()).hasSize(2);
        }
    }

    @Test
    void anAccountInTwoWorkspacesSwitchesBetweenThem() {
        TestServer.Tenant scarves = server.tenant("Scarf corner");
        TestServer.Tenant hats = server.tenant("Hat corner");
        String token = invite(hats, scarves.agent()).replaceFirst(".*token=", "");
        Http.Response accepted = server.http().with("Origin", server.baseUrl()).post("/api/v1/invitations/accept",
                Map.of("token", token, "name", "Ana at Hats", "password", TestServer.PASSWORD));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
        String scarfQuestion = server.conversation(server.visitor(scarves), "Is the red scarf in stock?");
        String hatQuestion = server.conversation(server.visitor(hats), "Do you have a hat in size 58?");

        try (Browser browser = signIn(scarves.agent())) {
            browser.find("[data-testid=tab-all]").click();
            Select switcher = new Select(browser.find("[data-testid=workspace-switcher]"));
            String current = switcher.getFirstSelectedOption().getAttribute("value");
            boolean inScarves = current.equals(scarves.workspace().id());
            String here = inScarves ? scarfQuestion : hatQuestion;
            String there = inScarves ? hatQuestion : scarfQuestion;
            String other = inScarves ? hats.workspace().id() : scarves.workspace().id();
            browser.find(InboxBrowserIT.item(here));
            assertThat(browser.axeViolations()).as("inbox with the switcher").isEmpty();

            switcher.selectByValue(other);
            browser.find(InboxBrowserIT.item(there));
            assertThat(browser.driver().findElements(By.cssSelector(InboxBrowserIT.item(here)))).as("the other workspace's list only").isEmpty();
            assertThat(new Select(browser.find("[data-testid=workspace-switcher]")).getFirstSelectedOption()
                    .getAttribute("value")).isEqualTo(other);

            browser.driver().navigate().refresh();
            browser.find(InboxBrowserIT.item(there));
            new Select(browser.find("[data-testid=workspace-switcher]")).selectByValue(current);
            browser.find(InboxBrowserIT.item(here));
        }
    }

    @Test
    void aServerAdminAddsAWorkspaceAndDisablesAndEnablesAnother() {
        TestServer.Tenant first = server.tenant("Admin's first shop");
        TestServer.Tenant other = server.tenant("Someone else's shop");
        String email = "root-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var account = server.wiring().agents.createAccount(first.workspace().id(), email, "Root", TestServer.PASSWORD,
                Role.OWNER, true);
        try (Browser browser = signIn(server.login(account.id(), email, TestServer.PASSWORD))) {
            browser.find("[data-testid=add-workspace]").click();
            browser.find("[data-testid=add-workspace-dialog]");
            assertThat(browser.axeViolations()).as("add a workspace").isEmpty();
            browser.find("[data-testid=new-workspace-name]").sendKeys("Admin's second shop");
            browser.find("[data-testid=new-workspace-site]").sendKeys("https://second.example/");
            browser.find("[data-testid=new-workspace-submit]").click();
            InboxBrowserIT.await(browser, "switched to the new workspace", () -> new Select(browser.find(
                    "[data-testid=workspace-switcher]")).getFirstSelectedOption().getText().equals("Admin's second shop"));
            assertThat(new Select(browser.find("[data-testid=workspace-switcher]")).getOptions()).hasSize(2);

            browser.find("[data-testid=settings-link]").click();
            browser.find("[data-testid=settings-nav-server]").click();
            String row = "[data-testid=server-workspaces] tr[data-workspace-id='" + other.workspace().id() + "']";
            assertThat(browser.find(row).getText()).contains("Someone else's shop").contains(other.widgetKey());
            assertThat(browser.axeViolations()).as("server page").isEmpty();
            browser.find(row + " [data-testid=disable-workspace]").click();
            accept(browser);
            InboxBrowserIT.await(browser, "disabled", () -> "true".equals(browser.find(row).getAttribute("data-disabled")));
            assertThat(server.http().with("Origin", "https://shop.example")
                    .get("/api/v1/widget/config?key=" + other.widgetKey()).status()).as("its widget stops").isNotEqualTo(200);
            browser.find(row + " [data-testid=enable-workspace]").click();
            InboxBrowserIT.await(browser, "enabled", () -> "false".equals(browser.find(row).getAttribute("data-disabled")));
        }
    }

    @Test
    void theFirstRunSetupLandsInTheInboxWithTheWidgetSnippet() {
        try (TestServer fresh = TestServer.start("sqlite");
             Browser browser = Browser.desktop().open(fresh.baseUrl() + "/app")) {
            browser.find("[data-testid=setup-form]");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=setup-token]"))).as("loopback: no token").isEmpty();
            assertThat(browser.axeViolations()).as("setup screen").isEmpty();
            browser.find("[data-testid=setup-name]").sendKeys("Ana Owner");
            browser.find("[data-testid=setup-email]").sendKeys("ana@first.example");
            browser.find("[data-testid=setup-password]").sendKeys(TestServer.PASSWORD);
            browser.find("[data-testid=setup-password2]").sendKeys(TestServer.PASSWORD + "!");
            browser.find("[data-testid=setup-business]").sendKeys("First shop");
            browser.find("[data-testid=setup-site]").sendKeys("first.example");
            browser.find("[data-testid=setup-submit]").click();
            assertThat(browser.find("#setup-password2-error").getText()).isEqualTo("The two passwords differ.");
            assertThat(browser.find("[data-testid=setup-site]").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(fresh.http().get("/api/v1/setup").body().get("needed").asBoolean()).as("nothing sent").isTrue();

            browser.find("[data-testid=setup-password2]").sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
            browser.find("[data-testid=setup-site]").clear();
            browser.find("[data-testid=setup-site]").sendKeys("https://first.example/");
            browser.find("[data-testid=setup-submit]").click();
            String snippet = browser.find("[data-testid=welcome-snippet]").getAttribute("value");
            browser.find("[data-testid=conversation-list]");
            Http.Response me = fresh.login("unused", "ana@first.example", TestServer.PASSWORD).http().get("/api/v1/workspace");
            String key = me.body().get("widget_key").asText();
            assertThat(snippet).contains("data-workspace=\"" + key + "\"").contains(fresh.baseUrl() + "/widget.js");
            assertThat(me.body().get("allowed_origins").get(0).asText()).isEqualTo("https://first.example");
            assertThat(browser.find("[data-testid=welcome-try]").getAttribute("href")).isEqualTo(fresh.baseUrl() + "/app/try");
            assertThat(browser.find("[data-testid=welcome-try]").getAttribute("target")).isEqualTo("_blank");
            assertThat(browser.axeViolations()).as("inbox with the welcome panel").isEmpty();
            browser.open(fresh.baseUrl() + "/app/try");
            assertThat(browser.driver().getPageSource()).contains("data-workspace=\"" + key + "\"");
        }
    }
}
