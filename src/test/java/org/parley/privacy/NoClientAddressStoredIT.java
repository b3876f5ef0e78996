package org.parley.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * Parley stores no client IP address (docs/privacy.md): after a visitor session, a socket, a beacon, a conversation,
 * a message, an agent's sign-in and reply, every text column of every table is read and holds neither the test
 * client's address (127.0.0.1, outside the server's own base URL http://127.0.0.1:port, which is the node's address
 * and stored on purpose in links) nor the address every request claims in X-Forwarded-For (203.0.113.77, a
 * documentation address: Javalin's ctx.ip(), which the rate limits key on, reports it as the client's).
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class NoClientAddressStoredIT {
    private static final String FORWARDED = "203.0.113.77";

    @Parameter
    String database;

    @Test
    void noTableHoldsTheClientsAddress() throws SQLException {
        try (TestServer server = TestServer.start(database)) {
            TestServer.Tenant tenant = server.tenant("Address shop");
            Http site = server.http().with("Origin", Person.SHOP).with("X-Forwarded-For", FORWARDED);
            Http.Response session = site.post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey()));
            assertThat(session.status()).as(session.raw()).isEqualTo(200);
            String token = session.body().get("token").asText();
            TestServer.Visitor visitor = new TestServer.Visitor(token, session.body().get("visitor_id").asText(),
                    session.body().get("contact_id").asText(), site.bearer(token));
            try (WsClient socket = WsClient.connect(server.baseUrl(), "/ws/visitor", Map.of("X-Forwarded-For", FORWARDED,
                    "Origin", Person.SHOP))) {
                socket.send(Map.of("type", "auth", "token", token));
                socket.awaitType("ready");
            }
            Http.Response beacon = site.sendBody("POST", "/api/v1/widget/activity", Http.JSON.createObjectNode()
                    .put("key", tenant.widgetKey()).put("token", token).set("events", Http.JSON.createArrayNode()
                            .add(Http.JSON.createObjectNode().put("type", "page_view").put("url", Person.SHOP + "/scarves")
                                    .put("at", System.currentTimeMillis()))).toString());
            assertThat(beacon.status()).as(beacon.raw()).isEqualTo(204);
            String conversation = server.conversation(visitor, "Is the scarf wool?");
            Http.Response sent = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", UUID.randomUUID().toString(), "text", "And the hat?"));
            assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
            Http.Response login = server.http().with("X-Forwarded-For", FORWARDED).post("/api/v1/auth/login",
                    Map.of("email", tenant.agent().email(), "password", TestServer.PASSWORD));
            assertThat(login.status()).as(login.raw()).isEqualTo(200);
            Http agent = server.http().with("X-Forwarded-For", FORWARDED).with("Origin", server.baseUrl())
                    .with("Cookie", login.header("set-cookie").split(";")[0]);
            Http.Response reply = agent.post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", UUID.randomUUID().toString(), "text", "Yes, both."));
            assertThat(reply.status()).as(reply.raw()).isEqualTo(201);

            String ownAddress = server.baseUrl().substring("http://".length());
            List<String> found = new ArrayList<>();
            int columns = 0;
            try (Connection c = server.jdbc()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                    while (rs.next()) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
                assertThat(tables).contains("visitors", "visitor_activity", "messages", "agent_sessions", "audit_log");
                for (String table : tables) {
                    try (var statement = c.createStatement(); ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                        int count = rows.getMetaData().getColumnCount();
                        columns += count;
                        while (rows.next()) {
                            for (int i = 1; i <= count; i++) {
                                if (rows.getObject(i) instanceof String text) {
                                    String rest = text.replace(ownAddress, "");
                                    if (rest.contains("127.0.0.1") || rest.contains(FORWARDED) || rest.contains("0:0:0:0:0:0:0:1")) {
                                        found.add(table + "." + rows.getMetaData().getColumnName(i) + " = " + text);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertThat(columns).as("columns read").isGreaterThan(100);
            assertThat(found).as("client addresses stored").isEmpty();
        }
    }
}
