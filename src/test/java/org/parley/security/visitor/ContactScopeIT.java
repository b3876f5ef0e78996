package org.parley.security.visitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.storage.Secrets;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * Conversations belong to the contact: a second browser of the same (verified) contact lists, reads,
 * writes and receives live the contact's conversations; a browser of another contact gets none of it.
 * The second browser is made directly in the database here (verification has its own suites).
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ContactScopeIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Contact scope");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** Another browser (visitor) of the same contact, with its own token. */
    private static TestServer.Visitor secondBrowser(TestServer.Visitor first) {
        String token = "vt_" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        String id = UUID.randomUUID().toString();
        try (var c = server.jdbc(); var st = c.prepareStatement("INSERT INTO visitors (id, workspace_id, contact_id, token_hash, "
                + "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            st.setString(1, id);
            st.setString(2, tenant.workspace().id());
            st.setString(3, first.contactId());
            st.setString(4, Secrets.digest(token));
            st.setLong(5, System.currentTimeMillis());
            st.setLong(6, System.currentTimeMillis());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestServer.Visitor(token, id, first.contactId(), server.http().bearer(token));
    }

    @Test
    void everyBrowserOfTheContactSeesWritesAndReceivesItsConversations() {
        TestServer.Visitor phone = server.visitor(tenant);
        String conversation = server.conversation(phone, "Started on my phone");
        TestServer.Visitor laptop = secondBrowser(phone);

        JsonNode listed = laptop.http().get("/api/v1/visitor/conversations").body().get("conversations");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(conversation);
        assertThat(laptop.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").raw())
                .contains("Started on my phone");

        try (WsClient phoneSocket = server.visitorSocket(phone); WsClient laptopSocket = server.visitorSocket(laptop)) {
            Http.Response reply = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "r1", "text", "Hello on every device"));
            assertThat(reply.status()).isEqualTo(201);
            assertThat(phoneSocket.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("Hello on every device");
            assertThat(laptopSocket.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("Hello on every device");

            Http.Response fromLaptop = laptop.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "l1", "text", "Answering from the laptop"));
            assertThat(fromLaptop.status()).as(fromLaptop.raw()).isEqualTo(201);
            assertThat(phoneSocket.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("Answering from the laptop");
        }
    }

    @Test
    void anotherContactsBrowserSeesNothing() {
        TestServer.Visitor owner = server.visitor(tenant);
        String conversation = server.conversation(owner, "Mine only");
        TestServer.Visitor stranger = server.visitor(tenant);
        assertThat(stranger.http().get("/api/v1/visitor/conversations").body().get("conversations")).isEmpty();
        assertThat(stranger.http().get("/api/v1/visitor/conversations/" + conversation).status()).isEqualTo(404);
        assertThat(stranger.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "s1", "text", "let me in")).status()).isEqualTo(404);
        try (WsClient strangerSocket = server.visitorSocket(stranger)) {
            tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "r2", "text", "for the owner"));
            assertThat(strangerSocket.drain(java.time.Duration.ofMillis(500)).toString()).doesNotContain("for the owner");
        }
    }

    @Test
    void aContactIsPresentWhileAWidgetSocketIsOpenAndForAGracePeriodAfter() {
        TestServer.Visitor visitor = server.visitor(tenant);
        TestServer.Visitor other = server.visitor(tenant);
        var gateway = server.wiring().gateway;
        String ws = tenant.workspace().id();
        assertThat(gateway.isVisitorPresent(ws, visitor.contactId())).as("never connected").isFalse();
        try (WsClient socket = server.visitorSocket(visitor)) {
            assertThat(gateway.isVisitorPresent(ws, visitor.contactId())).isTrue();
            assertThat(gateway.isVisitorPresent(ws, other.contactId())).isFalse();
            assertThat(gateway.isVisitorPresent("another-workspace", visitor.contactId())).isFalse();
        }
        assertThat(gateway.isVisitorPresent(ws, visitor.contactId())).as("a reload is not leaving").isTrue();
    }
}
