package org.parley.security.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.security.outbound.PushTargets.Keys;
import static org.parley.security.outbound.PushTargets.newPath;
import static org.parley.security.outbound.PushTargets.subscribe;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * Posting another browser's push endpoint (issue 11 item 6): it used to move that browser's subscription
 * to the caller, even into another workspace, so the victim's replies were pushed for the attacker's
 * contact and never for the victim. Now each workspace keeps its own row, and within a workspace only the
 * same browser (the same keys) moves an endpoint to another contact.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class PushSubscriptionTakeoverIT {
    @Parameter
    String database;

    static PushTargets.Relay relay;
    static TestServer server;
    static TestServer.Tenant shop;
    static TestServer.Tenant otherShop;

    @BeforeAll
    static void startRelay() {
        relay = new PushTargets.Relay();
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.startWithNotifications(database, null, relay.allowEntry());
        shop = server.tenant("Victim's shop");
        otherShop = server.tenant("Attacker's shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static long owned(TestServer.Tenant tenant, TestServer.Visitor visitor, String endpoint, Keys keys) {
        return server.count("SELECT COUNT(*) FROM push_subscriptions WHERE workspace_id = ? AND contact_id = ? AND endpoint = ? "
                + "AND p256dh = ? AND auth = ?", tenant.workspace().id(), visitor.contactId(), endpoint, keys.p256dh(), keys.auth());
    }

    /** The visitor's next reply is pushed to the endpoint's path: one more request arrives there. */
    private static void assertAReplyIsPushedTo(TestServer.Tenant tenant, TestServer.Visitor visitor, String path) {
        long before = relay.received(path);
        String conversation = server.conversation(visitor, "Hello?");
        PushTargets.reply(tenant, conversation);
        PushTargets.await("the push", () -> relay.received(path) == before + 1);
        assertThat(PushTargets.awaitPushJob(server, conversation)).isEqualTo("sent");
    }

    @Test
    void anotherWorkspaceNeverTakesAnEndpoint() {
        TestServer.Visitor victim = server.visitor(shop);
        TestServer.Visitor attacker = server.visitor(otherShop);
        String path = newPath();
        String endpoint = relay.endpoint(path);
        Keys victimKeys = Keys.fresh();
        assertThat(subscribe(victim, endpoint, victimKeys).status()).isEqualTo(201);

        Http.Response posted = subscribe(attacker, endpoint, Keys.fresh());
        assertThat(posted.status()).as("a row of its own workspace: " + posted.raw()).isEqualTo(201);
        assertThat(owned(shop, victim, endpoint, victimKeys)).as("the victim's row, keys untouched").isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = ?", endpoint)).isEqualTo(2);
        assertAReplyIsPushedTo(shop, victim, path);
    }

    @Test
    void theSameBrowserInTwoWorkspacesKeepsOneSubscriptionInEach() {
        TestServer.Visitor here = server.visitor(shop);
        TestServer.Visitor there = server.visitor(otherShop);
        String path = newPath();
        String endpoint = relay.endpoint(path);
        Keys browser = Keys.fresh();
        assertThat(subscribe(here, endpoint, browser).status()).isEqualTo(201);
        assertThat(subscribe(there, endpoint, browser).status()).isEqualTo(201);

        assertThat(owned(shop, here, endpoint, browser)).isEqualTo(1);
        assertThat(owned(otherShop, there, endpoint, browser)).isEqualTo(1);
        assertAReplyIsPushedTo(shop, here, path);
        assertAReplyIsPushedTo(otherShop, there, path);
    }

    @Test
    void anotherContactWithoutTheBrowsersKeysGets409AndTakesNothing() {
        TestServer.Visitor victim = server.visitor(shop);
        TestServer.Visitor attacker = server.visitor(shop);
        String path = newPath();
        String endpoint = relay.endpoint(path);
        Keys victimKeys = Keys.fresh();
        assertThat(subscribe(victim, endpoint, victimKeys).status()).isEqualTo(201);

        Http.Response posted = subscribe(attacker, endpoint, Keys.fresh());
        assertThat(posted.status()).as(posted.raw()).isEqualTo(409);
        assertThat(posted.body().get("error").get("code").asText()).isEqualTo("conflict");
        // Both keys must match: the public key alone (the less secret half) is not enough.
        Http.Response halfKnown = subscribe(attacker, endpoint, new Keys(victimKeys.p256dh(), Keys.fresh().auth()));
        assertThat(halfKnown.status()).as(halfKnown.raw()).isEqualTo(409);

        assertThat(owned(shop, victim, endpoint, victimKeys)).as("the victim keeps it, keys untouched").isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = ?", endpoint)).isEqualTo(1);
        assertAReplyIsPushedTo(shop, victim, path);
    }

    @Test
    void theSameBrowserMovesToItsNewContactWithinTheWorkspace() {
        TestServer.Visitor before = server.visitor(shop);
        TestServer.Visitor after = server.visitor(shop);
        String path = newPath();
        String endpoint = relay.endpoint(path);
        Keys browser = Keys.fresh();
        assertThat(subscribe(before, endpoint, browser).status()).isEqualTo(201);

        assertThat(subscribe(after, endpoint, browser).status()).as("the same keys: the same browser").isEqualTo(201);
        assertThat(owned(shop, after, endpoint, browser)).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = ?", endpoint)).isEqualTo(1);
        assertAReplyIsPushedTo(shop, after, path);
    }
}
