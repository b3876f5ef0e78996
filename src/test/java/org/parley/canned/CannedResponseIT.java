package org.parley.canned;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
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

/** Canned responses over HTTP on both databases: who may do what, validation, conflicts, isolation. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class CannedResponseIT {
    private static final String PATH = "/api/v1/canned-responses";

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

    private static List<String> shortcuts(Http.Response list) {
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        list.body().get("canned_responses").forEach(r -> out.add(r.get("shortcut").asText()));
        return out;
    }

    private static Http.Response create(Http http, String shortcut, String title, String text) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("shortcut", shortcut);
        body.put("text", text);
        if (title != null) {
            body.put("title", title);
        }
        return http.post(PATH, body);
    }

    @Test
    void anAdminCreatesEditsAndDeletesAndEveryAgentListsSortedByShortcut() {
        TestServer.Tenant tenant = server.tenant("Canned");
        Http owner = tenant.owner().http();
        Http.Response created = create(owner, "refund", "Refund policy", "Refunds take 5 days.");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode body = created.body();
        assertThat(body.get("shortcut").asText()).isEqualTo("refund");
        assertThat(body.get("title").asText()).isEqualTo("Refund policy");
        assertThat(body.get("text").asText()).isEqualTo("Refunds take 5 days.");
        assertThat(body.get("id").asText()).isNotBlank();
        assertThat(body.get("created_at").asLong()).isPositive().isEqualTo(body.get("updated_at").asLong());
        String id = body.get("id").asText();

        Http.Response byKey = create(new Http(server.baseUrl()).bearer(tenant.apiKey()), "hello_1", null, "Hi there!");
        assertThat(byKey.status()).as("API keys count as admin: %s", byKey.raw()).isEqualTo(201);
        assertThat(byKey.body().get("title").asText()).as("title defaults to empty").isEmpty();
        assertThat(create(owner, "a-z", "  Alphabet  ", "abc").body().get("title").asText()).isEqualTo("Alphabet");

        Http agent = tenant.agent().http();
        assertThat(shortcuts(agent.get(PATH))).containsExactly("a-z", "hello_1", "refund");
        assertThat(shortcuts(agent.get(PATH + "?q=REFUND"))).as("shortcut, any case").containsExactly("refund");
        assertThat(shortcuts(agent.get(PATH + "?q=policy"))).as("title").containsExactly("refund");
        assertThat(shortcuts(agent.get(PATH + "?q=there"))).as("text").containsExactly("hello_1");
        assertThat(shortcuts(agent.get(PATH + "?q=%25"))).as("%% is literal").isEmpty();
        assertThat(shortcuts(agent.get(PATH + "?q=_"))).as("_ is literal").containsExactly("hello_1");
        assertThat(shortcuts(agent.get(PATH + "?q=!"))).as("! is literal").containsExactly("hello_1");
        assertThat(shortcuts(agent.get(PATH + "?q="))).as("empty q lists all").hasSize(3);
        assertThat(shortcuts(agent.get(PATH + "?q=refund%00"))).as("control characters are ignored").containsExactly("refund");

        Http.Response edited = owner.patch(PATH + "/" + id, Map.of("text", "Refunds take 3 days.", "shortcut", "refunds"));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(edited.body().get("text").asText()).isEqualTo("Refunds take 3 days.");
        assertThat(edited.body().get("shortcut").asText()).isEqualTo("refunds");
        assertThat(edited.body().get("title").asText()).as("absent fields stay").isEqualTo("Refund policy");
        assertThat(edited.body().get("updated_at").asLong()).isGreaterThanOrEqualTo(body.get("updated_at").asLong());
        assertThat(owner.patch(PATH + "/" + id, Collections.singletonMap("title", null)).body().get("text").asText())
                .isEqualTo("Refunds take 3 days.");

        assertThat(owner.delete(PATH + "/" + id).status()).isEqualTo(204);
        assertThat(owner.delete(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(owner.patch(PATH + "/" + id, Map.of("text", "x")).status()).isEqualTo(404);
        assertThat(shortcuts(agent.get(PATH))).containsExactly("a-z", "hello_1");
    }

    @Test
    void aPlainAgentCannotCreateEditOrDelete() {
        TestServer.Tenant tenant = server.tenant("Roles");
        String id = create(tenant.owner().http(), "hi", null, "Hello").body().get("id").asText();
        Http agent = tenant.agent().http();
        Http.Response post = create(agent, "mine", null, "text");
        assertThat(post.status()).isEqualTo(403);
        assertThat(post.errorCode()).isEqualTo("forbidden");
        assertThat(agent.post(PATH, "not even json").status()).as("the role is checked before the body").isEqualTo(403);
        assertThat(agent.patch(PATH + "/" + id, Map.of("text", "changed")).status()).isEqualTo(403);
        assertThat(agent.delete(PATH + "/" + id).status()).isEqualTo(403);
        assertThat(shortcuts(agent.get(PATH))).containsExactly("hi");
        assertThat(new Http(server.baseUrl()).get(PATH).status()).isEqualTo(401);
        TestServer.Visitor visitor = server.visitor(tenant);
        assertThat(visitor.http().get(PATH).status()).as("visitor tokens are not agents").isEqualTo(401);
        assertThat(tenant.owner().http().with("Origin", "https://evil.example").post(PATH,
                Map.of("shortcut", "x", "text", "y")).status()).as("cross-origin cookie write").isEqualTo(403);
    }

    @Test
    void aDuplicateShortcutIs409OnCreateAndOnEdit() {
        TestServer.Tenant tenant = server.tenant("Dupes");
        Http owner = tenant.owner().http();
        assertThat(create(owner, "same", null, "one").status()).isEqualTo(201);
        Http.Response again = create(owner, "same", null, "two");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("conflict");
        assertThat(again.body().at("/error/message").asText()).contains("'same'");
        String other = create(owner, "other", null, "three").body().get("id").asText();
        assertThat(owner.patch(PATH + "/" + other, Map.of("shortcut", "same")).status()).isEqualTo(409);
        assertThat(owner.patch(PATH + "/" + other, Map.of("shortcut", "other")).status()).as("its own shortcut").isEqualTo(200);
        TestServer.Tenant elsewhere = server.tenant("Dupes elsewhere");
        assertThat(create(elsewhere.owner().http(), "same", null, "four").status())
                .as("shortcuts are unique per workspace only").isEqualTo(201);
    }

    @Test
    void badInputIs400WithAPreciseMessage() {
        TestServer.Tenant tenant = server.tenant("Validation");
        Http owner = tenant.owner().http();
        expect400(create(owner, "Upper", null, "x"), "Field 'shortcut' must be 1-32 characters of a-z 0-9 _ -");
        expect400(create(owner, "", null, "x"), "Field 'shortcut' must be 1-32 characters of a-z 0-9 _ -");
        expect400(create(owner, "a".repeat(33), null, "x"), "Field 'shortcut' must be 1-32 characters of a-z 0-9 _ -");
        expect400(create(owner, "with space", null, "x"), "Field 'shortcut' must be 1-32 characters of a-z 0-9 _ -");
        expect400(owner.post(PATH, Map.of("text", "x")), "Field 'shortcut' is required");
        expect400(owner.post(PATH, Map.of("shortcut", "x")), "Field 'text' is required");
        expect400(create(owner, "x", null, "   "), "Field 'text' must not be empty");
        expect400(create(owner, "x", null, "y".repeat(5001)), "Field 'text' must be at most 5000 characters");
        expect400(create(owner, "x", "t".repeat(101), "y"), "Field 'title' must be at most 100 characters");
        expect400(create(owner, "x", null, "nul\u0000"), "Field 'text' must not contain NUL characters");
        expect400(create(owner, "x", "nul\u0000", "y"), "Field 'title' must not contain NUL characters");
        expect400(owner.post(PATH, Map.of("shortcut", "x", "text", "y", "extra", 1)), "Unknown field 'extra'");
        expect400(owner.post(PATH, Map.of("shortcut", 7, "text", "y")), "Field 'shortcut' has the wrong type (expected string)");
        expect400(owner.post(PATH, "[1]"), "Request body must be a JSON object");
        assertThat(create(owner, "x", null, "y".repeat(5000)).status()).as("5000 is allowed").isEqualTo(201);
        assertThat(create(owner, "a".repeat(32), null, "y").status()).as("32 is allowed").isEqualTo(201);
        String id = create(owner, "valid", null, "y").body().get("id").asText();
        expect400(owner.patch(PATH + "/" + id, Map.of("shortcut", "NO")), "Field 'shortcut' must be 1-32 characters of a-z 0-9 _ -");
        expect400(owner.patch(PATH + "/" + id, Map.of("text", "")), "Field 'text' must not be empty");
        expect400(owner.patch(PATH + "/" + id, Map.of("id", "x")), "Unknown field 'id'");
        expect400(tenant.agent().http().get(PATH + "?q=" + "q".repeat(201)), "Query 'q' must be at most 200 characters");
    }

    @Test
    void anotherWorkspaceSeesNothingAndGets404() {
        TestServer.Tenant mine = server.tenant("Mine");
        TestServer.Tenant theirs = server.tenant("Theirs");
        String id = create(mine.owner().http(), "secret", "Secret", "Our discount code").body().get("id").asText();
        create(theirs.owner().http(), "public", "Public", "Their discount code");
        assertThat(shortcuts(theirs.agent().http().get(PATH))).containsExactly("public");
        assertThat(shortcuts(theirs.agent().http().get(PATH + "?q=discount"))).containsExactly("public");
        assertThat(theirs.owner().http().patch(PATH + "/" + id, Map.of("text", "stolen")).status()).isEqualTo(404);
        assertThat(theirs.owner().http().delete(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(shortcuts(mine.agent().http().get(PATH))).containsExactly("secret");
        assertThat(mine.agent().http().get(PATH).body().at("/canned_responses/0/text").asText()).isEqualTo("Our discount code");
    }

    private static void expect400(Http.Response response, String message) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.body().at("/error/message").asText()).isEqualTo(message);
    }
}
