package org.parley.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * One account answering for two businesses: invited into a second workspace, it sees each workspace's
 * conversations only while signed in there, with its role there; losing one membership closes that
 * workspace's sockets and REST access at once and leaves the other alone.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class MembershipsIT {
    @Parameter
    String database;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The two shops' agent accounts; {@code freelancer} is shop A's agent, invited into B as an admin. */
    private record Two(TestServer.Tenant a, TestServer.Tenant b, TestServer.Agent freelancer, String cookieInB, Http inB,
                       String agentIdInB) {
    }

    private Two freelancerInTwoShops() {
        TestServer.Tenant a = server.tenant("Scarves A");
        TestServer.Tenant b = server.tenant("Hats B");
        TestServer.Agent freelancer = a.agent();
        Http.Response invited = b.owner().http().post("/api/v1/invitations", Map.of("email", freelancer.email(), "role", "admin"));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        String token = invited.body().get("url").asText().replaceAll(".*token=", "");

        Http.Response lookup = server.http().get("/api/v1/invitations/lookup?token=" + token);
        assertThat(lookup.body().get("existing_account").asBoolean()).isTrue();
        Http.Response wrong = server.http().with("Origin", server.baseUrl()).post("/api/v1/invitations/accept",
                Map.of("token", token, "name", "Freelancer", "password", "not my password"));
        assertThat(wrong.status()).isEqualTo(401);
        // An existing account may leave its name out: it keeps the one it has.
        Http.Response accepted = server.http().with("Origin", server.baseUrl()).post("/api/v1/invitations/accept",
                Map.of("token", token, "password", TestServer.PASSWORD));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
        String cookie = accepted.header("set-cookie").split(";")[0];
        return new Two(a, b, freelancer, cookie, server.http().with("Cookie", cookie).with("Origin", server.baseUrl()),
                accepted.body().at("/agent/id").asText());
    }

    @Test
    void anAccountSeesEachWorkspaceOnlyWhileSignedInThereWithItsRoleThere() {
        Two two = freelancerInTwoShops();
        String inA = server.conversation(server.visitor(two.a()), "A question for the scarf shop");
        String inB = server.conversation(server.visitor(two.b()), "A question for the hat shop");

        Http.Response me = two.inB().get("/api/v1/auth/me");
        assertThat(me.body().at("/workspace_id").asText()).isEqualTo(two.b().workspace().id());
        List<String> names = new ArrayList<>();
        me.body().get("workspaces").forEach(w -> names.add(w.get("name").asText() + ":" + w.get("role").asText()));
        assertThat(names).containsExactly("Scarves A:agent", "Hats B:admin");

        assertThat(ids(two.inB().get("/api/v1/conversations"))).contains(inB).doesNotContain(inA);
        assertThat(two.inB().get("/api/v1/conversations/" + inA).status()).isEqualTo(404);
        assertThat(two.inB().get("/api/v1/api-keys").status()).as("admin in B").isEqualTo(200);

        Http.Response switched = two.inB().post("/api/v1/auth/workspace", Map.of("workspace_id", two.a().workspace().id()));
        assertThat(switched.status()).isEqualTo(200);
        Http inA2 = server.http().with("Cookie", switched.header("set-cookie").split(";")[0]).with("Origin", server.baseUrl());
        assertThat(ids(inA2.get("/api/v1/conversations"))).contains(inA).doesNotContain(inB);
        assertThat(inA2.get("/api/v1/api-keys").status()).as("only an agent in A").isEqualTo(403);
        assertThat(two.inB().get("/api/v1/auth/me").status()).as("the switched-from session ended").isEqualTo(401);

        assertThat(inA2.post("/api/v1/auth/workspace", Map.of("workspace_id", server.tenant("Not mine").workspace().id()))
                .status()).as("a workspace of someone else").isEqualTo(404);
    }

    @Test
    void signingInOpensTheAskedWorkspaceOrTheOldest() {
        Two two = freelancerInTwoShops();
        Http site = server.http().with("Origin", server.baseUrl());
        Http.Response plain = site.post("/api/v1/auth/login", Map.of("email", two.freelancer().email(), "password", TestServer.PASSWORD));
        assertThat(plain.body().at("/workspace_id").asText()).isEqualTo(two.a().workspace().id());
        Http.Response asked = site.post("/api/v1/auth/login", Map.of("email", two.freelancer().email(),
                "password", TestServer.PASSWORD, "workspace_id", two.b().workspace().id()));
        assertThat(asked.body().at("/workspace_id").asText()).isEqualTo(two.b().workspace().id());
        assertThat(asked.body().at("/agent/role").asText()).isEqualTo("admin");
    }

    @Test
    void aRemovedMembershipClosesThatWorkspaceAtOnceAndLeavesTheOther() {
        Two two = freelancerInTwoShops();
        Http inA = two.freelancer().http();
        try (WsClient socketB = WsClient.connect(server.baseUrl(), "/ws/agent",
                Map.of("Cookie", two.cookieInB(), "Origin", server.baseUrl()))) {
            socketB.send(Map.of("type", "auth"));
            socketB.awaitType("ready");
            Http.Response removed = two.b().owner().http().patch("/api/v1/agents/" + two.agentIdInB(), Map.of("active", false));
            assertThat(removed.status()).isEqualTo(200);
            assertThat(socketB.awaitClose()).as("B's socket closes at once").isEqualTo(4401);
        }
        assertThat(two.inB().get("/api/v1/conversations").status()).isEqualTo(401);
        assertThat(inA.get("/api/v1/conversations").status()).as("A is untouched").isEqualTo(200);
        Http.Response me = inA.get("/api/v1/auth/me");
        assertThat(me.body().get("workspaces")).hasSize(1);
        assertThat(inA.post("/api/v1/auth/workspace", Map.of("workspace_id", two.b().workspace().id())).status()).isEqualTo(404);
    }

    @Test
    void anExistingMemberCannotBeInvitedOrCreatedTwice() {
        Two two = freelancerInTwoShops();
        assertThat(two.b().owner().http().post("/api/v1/invitations",
                Map.of("email", two.freelancer().email(), "role", "agent")).status()).isEqualTo(409);
        Http.Response created = two.b().owner().http().post("/api/v1/agents", Map.of("email", two.freelancer().email(),
                "name", "Again", "password", "another long password", "role", "agent"));
        assertThat(created.status()).isEqualTo(409);
        assertThat(created.errorMessage()).contains("invite");
    }

    private static List<String> ids(Http.Response list) {
        List<String> ids = new ArrayList<>();
        list.body().get("conversations").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }
}
