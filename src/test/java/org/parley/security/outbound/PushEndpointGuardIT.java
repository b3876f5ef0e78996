package org.parley.security.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.security.outbound.PushTargets.Keys;
import static org.parley.security.outbound.PushTargets.newPath;
import static org.parley.security.outbound.PushTargets.subscribe;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
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
 * Server-side request forgery through web push endpoints (issue 11 item 4), tried as an attacker would: a
 * visitor supplies an endpoint that points into Parley's own network (loopback here, standing for
 * 169.254.169.254 or an admin port) and makes an agent reply so Parley pushes to it. The node allows one
 * loopback push service explicitly (PARLEY_OUTBOUND_ALLOW), as an operator with an internal relay would;
 * a trap socket on another loopback port must see no connection at all.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class PushEndpointGuardIT {
    @Parameter
    String database;

    static PushTargets.Relay relay;
    static PushTargets.Trap trap;
    static TestServer server;
    static TestServer.Tenant shop;

    @BeforeAll
    static void startTargets() {
        relay = new PushTargets.Relay();
        trap = new PushTargets.Trap();
    }

    @AfterAll
    static void stopTargets() throws Exception {
        relay.close();
        trap.close();
    }

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.startWithNotifications(database, null, relay.allowEntry());
        shop = server.tenant("Guarded shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The trap's port written every way that reaches loopback, with a path of their own. */
    private static List<String> loopbackForms() {
        int port = trap.port();
        String p = "/p/" + UUID.randomUUID();
        return List.of(
                "http://localhost:" + port + p, "https://localhost:" + port + p, "https://LocalHost:" + port + p,
                "http://127.0.0.1:" + port + p, "https://127.0.0.1:" + port + p, "https://127.1:" + port + p,
                "https://2130706433:" + port + p, "https://0x7f000001:" + port + p, "https://0177.0.0.1:" + port + p,
                "https://[::1]:" + port + p, "https://[::ffff:127.0.0.1]:" + port + p,
                "https://[0:0:0:0:0:ffff:7f00:1]:" + port + p, "https://[::]:" + port + p, "https://0.0.0.0:" + port + p,
                "https://localhost.:" + port + p, "https://app.localhost:" + port + p);
    }

    @Test
    void endpointsOnLoopbackOrPrivateAddressesAreRefusedWhenSubscribing() {
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Where is my parcel?");
        int trapBefore = trap.connections();
        Keys keys = Keys.fresh();
        List<String> refused = new java.util.ArrayList<>(loopbackForms());
        refused.addAll(List.of("https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/p", "https://192.168.1.1/p",
                "https://100.64.0.1/p", "https://[fd00::1]/p", "https://[fe80::1]/p", "https://intranet/p",
                "https://user@push.example.com/p", "http://push.example.com/p"));
        for (String endpoint : refused) {
            Http.Response response = subscribe(visitor, endpoint, keys);
            assertThat(response.status()).as(endpoint + ": " + response.raw()).isEqualTo(400);
            assertThat(response.body().get("error").get("message").asText()).as(endpoint).startsWith("Field 'endpoint' ");
        }
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE contact_id = ?", visitor.contactId())).isZero();

        PushTargets.reply(shop, conversation);
        PushTargets.awaitPushJob(server, conversation);
        assertThat(trap.connections() - trapBefore).as("connections to the trap").isZero();
    }

    @Test
    void aStoredEndpointThatNowReachesLoopbackIsNeverConnectedTo() throws Exception {
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Any news?");
        int trapBefore = trap.connections();
        String allowed = newPath();
        assertThat(subscribe(visitor, relay.endpoint(allowed), Keys.fresh()).status()).isEqualTo(201);
        // Rows as they could be stored: before this check existed, or while the name still resolved to a
        // public address (DNS rebinding). The check at each send is the one that counts. Older than the
        // relay's row, so they are tried first.
        Keys keys = Keys.fresh();
        long created = System.currentTimeMillis() - 60_000;
        for (String endpoint : loopbackForms()) {
            insertSubscription(visitor, endpoint, keys, created++);
        }

        PushTargets.reply(shop, conversation);
        // Subscriptions are tried oldest first: once the relay has its push, every loopback one was tried.
        PushTargets.await("the push to the allowed relay", () -> relay.received(allowed) == 1);
        assertThat(PushTargets.awaitPushJob(server, conversation)).isEqualTo("sent");
        assertThat(trap.connections() - trapBefore).as("connections to the trap").isZero();
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE contact_id = ? AND last_success_at IS NOT NULL",
                visitor.contactId())).as("only the relay's push succeeded").isEqualTo(1);
    }

    @Test
    void aRedirectFromAnAllowedEndpointIsNotFollowed() {
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Can I change the address?");
        int trapBefore = trap.connections();
        String toTrap = newPath();
        String toMetadata = newPath();
        relay.redirect(toTrap, 307, "http://127.0.0.1:" + trap.port() + "/internal");
        relay.redirect(toMetadata, 302, "http://169.254.169.254/latest/meta-data/");
        assertThat(subscribe(visitor, relay.endpoint(toTrap), Keys.fresh()).status()).isEqualTo(201);
        assertThat(subscribe(visitor, relay.endpoint(toMetadata), Keys.fresh()).status()).isEqualTo(201);

        PushTargets.reply(shop, conversation);
        PushTargets.await("both pushes to the relay", () -> relay.received(toTrap) == 1 && relay.received(toMetadata) == 1);
        assertThat(PushTargets.awaitPushJob(server, conversation)).as("a redirect is a failed push").isEqualTo("skipped");
        assertThat(trap.connections() - trapBefore).as("connections to the trap").isZero();
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE contact_id = ? AND last_success_at IS NULL",
                visitor.contactId())).as("kept, never marked delivered").isEqualTo(2);
    }

    private static void insertSubscription(TestServer.Visitor visitor, String endpoint, Keys keys, long createdAt)
            throws SQLException {
        try (var c = server.jdbc(); var st = c.prepareStatement("INSERT INTO push_subscriptions "
                + "(id, workspace_id, contact_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, "ps-" + UUID.randomUUID());
            st.setString(2, shop.workspace().id());
            st.setString(3, visitor.contactId());
            st.setString(4, endpoint);
            st.setString(5, keys.p256dh());
            st.setString(6, keys.auth());
            st.setLong(7, createdAt);
            st.executeUpdate();
        }
    }
}
