package org.parley.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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

/** The knowledge base over HTTP on both databases: roles, validation, isolation, the public page, search. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class KbIT {
    private static final String PATH = "/api/v1/kb/articles";

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

    static Http.Response create(Http http, String title, String body, String language, Boolean published) {
        Map<String, Object> json = new HashMap<>();
        json.put("title", title);
        json.put("body", body);
        if (language != null) {
            json.put("language", language);
        }
        if (published != null) {
            json.put("published", published);
        }
        return http.post(PATH, json);
    }

    static String id(Http.Response created) {
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void adminsWriteAgentsReadWithValidationErrorsNamingTheField() {
        TestServer.Tenant tenant = server.tenant("Kb crud");
        Http owner = tenant.owner().http();
        Http.Response created = create(owner, "  Silk care ", "Wash **cold**.", null, null);
        String id = id(created);
        JsonNode body = created.body();
        assertThat(body.get("title").asText()).isEqualTo("Silk care");
        assertThat(body.get("language").asText()).as("default language").isEqualTo("en");
        assertThat(body.get("published").asBoolean()).as("a draft by default").isFalse();
        assertThat(body.get("html").asText()).isEqualTo("<p>Wash <strong>cold</strong>.</p>");
        assertThat(body.get("url").asText()).isEqualTo(server.baseUrl() + "/kb/" + tenant.workspace().id() + "/" + id);

        Http agent = tenant.agent().http();
        Http.Response read = agent.get(PATH + "/" + id);
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat(read.body().get("body").asText()).isEqualTo("Wash **cold**.");
        assertThat(read.body().get("html").asText()).contains("<strong>cold</strong>");
        Http.Response list = agent.get(PATH);
        assertThat(list.body().get("articles")).hasSize(1);
        assertThat(list.body().get("languages").toString()).contains("\"fr\"", "\"de\"");
        assertThat(agent.get(PATH + "?q=COLD").body().get("articles")).as("list search, any case").hasSize(1);
        assertThat(agent.get(PATH + "?q=" + q("100%_")).body().get("articles")).as("LIKE wildcards are literal").isEmpty();

        // Agents cannot write.
        assertThat(create(agent, "T", "B", null, null).status()).isEqualTo(403);
        assertThat(agent.patch(PATH + "/" + id, Map.of("title", "x")).status()).isEqualTo(403);
        assertThat(agent.delete(PATH + "/" + id).status()).isEqualTo(403);
        assertThat(agent.post("/api/v1/kb/preview", Map.of("body", "*x*")).body().get("html").asText())
                .as("agents may preview").isEqualTo("<p><em>x</em></p>");

        // Validation: 400 naming the field.
        assertThat(create(owner, "", "b", null, null).errorMessage()).contains("'title'");
        assertThat(create(owner, "x".repeat(201), "b", null, null).errorMessage()).contains("'title'");
        assertThat(create(owner, "t", "x".repeat(100 * 1024 + 1), null, null).errorMessage()).contains("'body'");
        assertThat(create(owner, "t", "b", "xx", null).errorMessage()).contains("'language'");
        assertThat(create(owner, "t", null, null, null).errorMessage()).contains("'body'");
        assertThat(owner.post(PATH, Map.of("title", "t", "body", "b", "colour", "red")).status())
                .as("unknown fields").isEqualTo(400);
        assertThat(owner.patch(PATH + "/" + id, Map.of("language", "klingon")).errorMessage()).contains("'language'");

        // Edit (fields left out stay), publish, delete.
        Http.Response patched = owner.patch(PATH + "/" + id, Map.of("title", "Silk care guide", "published", true,
                "language", "fr"));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().get("body").asText()).isEqualTo("Wash **cold**.");
        assertThat(patched.body().get("published").asBoolean()).isTrue();
        assertThat(patched.body().get("language").asText()).isEqualTo("fr");
        Http apiKey = new Http(server.baseUrl()).bearer(tenant.apiKey());
        assertThat(apiKey.patch(PATH + "/" + id, Map.of("published", false)).status()).as("API keys write").isEqualTo(200);
        assertThat(owner.delete(PATH + "/" + id).status()).isEqualTo(204);
        assertThat(owner.get(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(owner.delete(PATH + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void anotherWorkspacesArticleIsNotFoundAnywhere() {
        TestServer.Tenant a = server.tenant("Kb A");
        TestServer.Tenant b = server.tenant("Kb B");
        String id = id(create(a.owner().http(), "Returns", "Thirty days to return.", null, true));
        Http other = b.owner().http();
        assertThat(other.get(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(other.patch(PATH + "/" + id, Map.of("title", "mine")).status()).isEqualTo(404);
        assertThat(other.delete(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(other.get(PATH).body().get("articles")).isEmpty();
        assertThat(other.get("/api/v1/kb/search?q=return").body().get("results")).isEmpty();
        assertThat(server.http().get("/kb/" + b.workspace().id() + "/" + id).status())
                .as("the public page under another workspace").isEqualTo(404);
        assertThat(a.owner().http().get(PATH + "/" + id).status()).isEqualTo(200);
    }

    @Test
    void thePublicPageShowsPublishedArticlesOnlyWithAStrictPolicy() {
        TestServer.Tenant tenant = server.tenant("Kb page");
        Http owner = tenant.owner().http();
        String ws = tenant.workspace().id();
        String published = id(create(owner, "Delivery <times>", "Two to **four** days.", null, true));
        String draft = id(create(owner, "Secret draft", "Not yet.", null, false));

        Http.Response page = server.http().get("/kb/" + ws + "/" + published);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        String csp = page.header("content-security-policy");
        assertThat(csp).contains("default-src 'none'").doesNotContain("script-src");
        assertThat(page.raw()).contains("<h1>Delivery &lt;times&gt;</h1>", "<strong>four</strong>", "name=\"viewport\"",
                        "<meta name=\"referrer\" content=\"no-referrer\">")
                .doesNotContain("<script");

        assertThat(server.http().get("/kb/" + ws + "/" + draft).status()).as("a draft").isEqualTo(404);
        assertThat(server.http().get("/kb/" + ws + "/" + draft).raw()).doesNotContain("Secret");
        assertThat(server.http().get("/kb/" + ws + "/01JGUESSEDGUESSEDGUESSED00").status()).as("a guessed id").isEqualTo(404);
        assertThat(server.http().get("/kb/nope/" + published).status()).as("an unknown workspace").isEqualTo(404);
        owner.patch(PATH + "/" + published, Map.of("published", false));
        assertThat(server.http().get("/kb/" + ws + "/" + published).status()).as("unpublished").isEqualTo(404);
    }

    @Test
    void sanitizerVectorsThroughTheRealRoutes() {
        TestServer.Tenant tenant = server.tenant("Kb xss");
        Http owner = tenant.owner().http();
        String body = "Intro\n\n" + String.join("\n\n", KbMarkdownTest.VECTORS) + "\n\nOutro";
        Http.Response created = create(owner, "<script>alert(1)</script>", body, null, true);
        String id = id(created);
        KbMarkdownTest.assertSafe(created.body().get("html").asText());
        KbMarkdownTest.assertSafe(owner.post("/api/v1/kb/preview", Map.of("body", body)).body().get("html").asText());
        Http.Response page = server.http().get("/kb/" + tenant.workspace().id() + "/" + id);
        assertThat(page.status()).isEqualTo(200);
        String main = page.raw().substring(page.raw().indexOf("<main>"));
        KbMarkdownTest.assertSafe(main);
        assertThat(main).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Intro", "Outro");
        assertThat(owner.post("/api/v1/kb/preview", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void searchRanksTheRightArticleFirstInEnglishAndFrench() {
        TestServer.Tenant tenant = server.tenant("Kb search");
        Http owner = tenant.owner().http();
        String silk = id(create(owner, "Caring for silk scarves", "Hand wash your silk in cold water with a mild soap. "
                + "Never wring it; dry it flat, away from the sun.", "en", true));
        String returns = id(create(owner, "Returns and refunds", "You can return any unworn item within 30 days. "
                + "Refunds are paid to your card within five days of receiving the parcel.", "en", true));
        String delivery = id(create(owner, "Delivery times", "Orders ship within one day. Delivery takes 2-4 working "
                + "days in Europe and runs faster with express shipping.", "en", true));
        String sizing = id(create(owner, "Guide des tailles", "Nos écharpes existent en trois tailles. Pour les chaussures "
                + "assorties, choisissez votre pointure habituelle.", "fr", true));
        id(create(owner, "Draft about silk washing", "silk silk silk wash wash", "en", false));

        Http agent = tenant.agent().http();
        assertThat(first(agent, "how do I wash my silk scarf?")).isEqualTo(silk);
        assertThat(first(agent, "refund")).as("refund finds refunds").isEqualTo(returns);
        assertThat(first(agent, "returning an item")).as("returning finds return").isEqualTo(returns);
        assertThat(first(agent, "running")).as("running finds runs").isEqualTo(delivery);
        assertThat(first(agent, "how long is delivery?")).isEqualTo(delivery);
        assertThat(first(agent, "chaussure")).as("chaussure finds chaussures").isEqualTo(sizing);
        assertThat(first(agent, "écharpe taille")).isEqualTo(sizing);

        JsonNode results = agent.get("/api/v1/kb/search?q=" + q("silk")).body().get("results");
        assertThat(results).as("drafts are not searched").hasSize(1);
        JsonNode hit = results.get(0);
        assertThat(hit.get("title").asText()).isEqualTo("Caring for silk scarves");
        assertThat(hit.get("excerpt").asText()).contains("silk").hasSizeLessThanOrEqualTo(200);
        assertThat(hit.get("score").asDouble()).isPositive();
        assertThat(agent.get("/api/v1/kb/search?q=" + q("chaussure") + "&language=en").body().get("results"))
                .as("narrowed to English").isEmpty();
        assertThat(agent.get("/api/v1/kb/search?q=" + q("chaussure") + "&language=fr").body().get("results")).hasSize(1);

        // A change is searched at once (the version moved).
        owner.patch(PATH + "/" + silk, Map.of("published", false));
        assertThat(agent.get("/api/v1/kb/search?q=silk").body().get("results")).isEmpty();
        assertThat(agent.get("/api/v1/kb/search?q=").status()).as("empty query").isEqualTo(400);
        assertThat(agent.get("/api/v1/kb/search").status()).isEqualTo(400);
        assertThat(agent.get("/api/v1/kb/search?q=x&language=xx").status()).isEqualTo(400);
    }

    @Test
    void hostileQueriesNeverFail() {
        TestServer.Tenant tenant = server.tenant("Kb hostile");
        Http owner = tenant.owner().http();
        id(create(owner, "Returns", "Return within 30 days.", null, true));
        Http agent = tenant.agent().http();
        List<String> queries = new ArrayList<>(List.of("AND(", "*", "\"", "\"unclosed", "a OR", "title:x", "(((", "~2",
                "a^99", "\\", "?", "[a TO z]", "{", "NOT", "&&||!", "-return", "+return", "return*", "%00", "'; DROP TABLE",
                "日本語の質問", "🧣🧣"));
        queries.add("return ".repeat(70)); // under the length cap, more terms than kept
        for (String query : queries) {
            Http.Response r = agent.get("/api/v1/kb/search?q=" + q(query));
            assertThat(r.status()).as("%s: %s", query, r.raw()).isEqualTo(200);
            Http.Response list = agent.get(PATH + "?q=" + q(query));
            assertThat(list.status()).as("list %s: %s", query, list.raw()).isEqualTo(200);
        }
        Http.Response tooLong = agent.get("/api/v1/kb/search?q=" + q("x".repeat(10 * 1024)));
        assertThat(tooLong.status()).as(tooLong.raw()).isIn(400, 414, 431);
        assertThat(agent.get("/api/v1/kb/search?q=" + q("x".repeat(501))).status()).isEqualTo(400);
    }

    private static String first(Http agent, String query) {
        Http.Response r = agent.get("/api/v1/kb/search?q=" + q(query));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("results")).as("results for %s", query).isNotEmpty();
        return r.body().get("results").get(0).get("id").asText();
    }
}
