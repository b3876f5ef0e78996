package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The editor's side of flows over HTTP (docs/bots.md, Routes): the simulator, validation, publishing with
 * problems, who may do what, and one workspace never reaching another's flows; on both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowSimulatorIT {
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

    static final Map<String, Object> SHOP = Map.of(
            "trigger", Map.of("type", "conversation_started"),
            "timeout_seconds", 300,
            "steps", List.of(
                    Map.of("id", "greet", "type", "say", "text", "Hi! I'm the shop's assistant.",
                            "content", Map.of("buttons", List.of(Map.of("label", "Size chart", "url", "https://shop.example/sizes")))),
                    Map.of("id", "style", "type", "ask", "text", "Which style?", "input", "choice",
                            "choices", List.of(Map.of("label", "Classic", "value", "classic"), Map.of("label", "Bold", "value", "bold")),
                            "variable", "style", "save_to", "contact"),
                    Map.of("id", "pause", "type", "wait", "seconds", 3600),
                    Map.of("id", "email", "type", "ask", "text", "Your email?", "input", "email", "variable", "email",
                            "save_to", "contact", "reask", "That is not an email."),
                    Map.of("id", "tag", "type", "set", "target", "conversation", "name", "campaign", "value", "spring"),
                    Map.of("id", "route", "type", "branch", "branches", List.of(
                            Map.of("when", Map.of("subject", "ref", "op", "equals", "value", "faq"), "next", "faq"),
                            Map.of("when", Map.of("subject", "business_hours", "op", "is_closed"), "next", "closed")),
                            "default", "handoff"),
                    Map.of("id", "closed", "type", "say", "text", "We're closed; a stylist will email you.", "next", "handoff"),
                    Map.of("id", "faq", "type", "resolve", "text", "See our FAQ. Bye!"),
                    Map.of("id", "handoff", "type", "handoff", "text", "A stylist is coming.")));

    static Map<String, Object> answer(String text) {
        return Map.of("text", text);
    }

    static Map<String, Object> tap(String label, String payload) {
        return Map.of("text", label, "payload", payload);
    }

    static Http.Response simulate(Http http, Object definition, List<Map<String, Object>> answers, Map<String, Object> context) {
        Map<String, Object> body = new HashMap<>(Map.of("definition", definition, "answers", answers));
        if (context != null) {
            body.put("context", context);
        }
        return http.post("/api/v1/flows/simulate", body);
    }

    static List<String> lines(JsonNode transcript) {
        List<String> lines = new ArrayList<>();
        transcript.forEach(l -> lines.add(l.get("from").asText() + ": " + l.get("text").asText()));
        return lines;
    }

    @Test
    void aSimulationReturnsTheTranscriptTheAttributesAndTheHandOff() {
        TestServer.Tenant tenant = server.tenant("Sim " + database);
        Http.Response run = simulate(tenant.owner().http(), SHOP, List.of(tap("Classic", "classic"), answer("not an email"),
                answer("Lena@Example.com")), null);

        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        JsonNode body = run.body();
        assertThat(lines(body.get("transcript"))).containsExactly(
                "bot: Hi! I'm the shop's assistant.",
                "bot: Which style?",
                "visitor: Classic",
                "bot: Your email?",
                "visitor: not an email",
                "bot: That is not an email.",
                "bot: Your email?",
                "visitor: Lena@Example.com",
                "bot: A stylist is coming.");
        JsonNode transcript = body.get("transcript");
        assertThat(transcript.get(0).get("content").get("buttons").get(0).get("url").asText()).isEqualTo("https://shop.example/sizes");
        assertThat(transcript.get(1).get("content").get("quick_replies").toString())
                .isEqualTo("[{\"label\":\"Classic\",\"payload\":\"classic\"},{\"label\":\"Bold\",\"payload\":\"bold\"}]");
        assertThat(transcript.get(3).get("content").get("input").get("type").asText()).isEqualTo("email");
        assertThat(transcript.get(2).has("content")).as("a visitor's line has no rich content").isFalse();
        assertThat(body.get("attributes").get("contact").toString()).isEqualTo("{\"style\":\"classic\",\"email\":\"lena@example.com\"}");
        assertThat(body.get("attributes").get("conversation").toString()).isEqualTo("{\"campaign\":\"spring\"}");
        assertThat(body.get("outcome").asText()).isEqualTo("handed_off");
        assertThat(body.get("reason").asText()).isEqualTo("handoff");
        assertThat(body.get("step").asText()).isEqualTo("handoff");
    }

    @Test
    void aSimulationStopsWaitingAtAnUnansweredQuestionOrResolvesAndUsesItsContext() {
        TestServer.Tenant tenant = server.tenant("SimOutcomes " + database);
        Http owner = tenant.owner().http();

        JsonNode waiting = simulate(owner, SHOP, List.of(tap("Bold", "bold")), null).body();
        assertThat(waiting.get("outcome").asText()).isEqualTo("waiting");
        assertThat(waiting.get("step").asText()).isEqualTo("email");
        assertThat(waiting.hasNonNull("reason")).isFalse();
        assertThat(lines(waiting.get("transcript"))).last().isEqualTo("bot: Your email?");

        JsonNode resolved = simulate(owner, SHOP, List.of(tap("Bold", "bold"), answer("a@b.example"), answer("ignored")),
                Map.of("ref", "faq")).body();
        assertThat(resolved.get("outcome").asText()).isEqualTo("resolved");
        assertThat(resolved.get("reason").asText()).isEqualTo("resolved");
        assertThat(lines(resolved.get("transcript"))).as("answers after the end are not played").last()
                .isEqualTo("bot: See our FAQ. Bye!");

        JsonNode human = simulate(owner, SHOP, List.of(answer("human")), null).body();
        assertThat(human.get("outcome").asText()).isEqualTo("handed_off");
        assertThat(human.get("reason").asText()).isEqualTo("visitor_asked");

        // The workspace's business hours, at the instant the simulation says.
        Http.Response hours = owner.patch("/api/v1/workspace", Map.of("business_hours", Map.of("time_zone", "Europe/Paris",
                "days", Map.of("mon", List.of(List.of("09:00", "18:00"))))));
        assertThat(hours.status()).as(hours.raw()).isEqualTo(200);
        List<Map<String, Object>> answers = List.of(tap("Bold", "bold"), answer("a@b.example"));
        JsonNode saturday = simulate(owner, SHOP, answers, Map.of("at", 1_774_692_000_000L)).body(); // 2026-03-28 10:00Z
        assertThat(lines(saturday.get("transcript"))).contains("bot: We're closed; a stylist will email you.");
        JsonNode monday = simulate(owner, SHOP, answers, Map.of("at", 1_774_855_800_000L)).body(); // 2026-03-30 07:30Z
        assertThat(lines(monday.get("transcript"))).doesNotContain("bot: We're closed; a stylist will email you.");
    }

    @Test
    void aDefinitionWithProblemsIsA422ListingThem() {
        TestServer.Tenant tenant = server.tenant("SimBad " + database);
        Http.Response bad = simulate(tenant.owner().http(), Map.of("trigger", Map.of("type", "conversation_started"),
                "steps", List.of(Map.of("id", "q", "type", "ask", "text", "Name?"),
                        Map.of("id", "r", "type", "branch", "branches", List.of()))), List.of(), null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorCode()).isEqualTo("invalid_flow");
        List<String> problems = new ArrayList<>();
        bad.body().get("problems").forEach(p -> problems.add(p.get("step").asText() + "/" + p.get("field").asText()));
        assertThat(problems).containsExactlyInAnyOrder("q/variable", "r/default");
        assertThat(bad.body().get("problems").get(0).get("message").asText()).isNotBlank();
    }

    @Test
    void moreThanOneHundredAnswersIsA400() {
        TestServer.Tenant tenant = server.tenant("SimMany " + database);
        List<Map<String, Object>> answers = new ArrayList<>();
        for (int i = 0; i < FlowSimulator.MAX_ANSWERS; i++) {
            answers.add(answer("nope"));
        }
        assertThat(simulate(tenant.owner().http(), SHOP, answers, null).status()).as("100 answers").isEqualTo(200);
        answers.add(answer("one more"));
        Http.Response tooMany = simulate(tenant.owner().http(), SHOP, answers, null);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorMessage()).contains("100");
    }

    @Test
    void onlyTheTeamMaySimulate() {
        TestServer.Tenant tenant = server.tenant("SimAuth " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        assertThat(simulate(visitor.http(), SHOP, List.of(), null).status()).as("a visitor's token").isIn(401, 403);
        assertThat(simulate(server.http(), SHOP, List.of(), null).status()).as("no credentials").isEqualTo(401);
        assertThat(simulate(server.http().bearer(tenant.apiKey()), SHOP, List.of(), null).status()).as("an API key")
                .isEqualTo(200);
    }

    @Test
    void aSimulationStartsNoConversationAndWritesNothing() {
        TestServer.Tenant tenant = server.tenant("SimDry " + database);
        FlowIT.publish(tenant, SHOP);
        String ws = tenant.workspace().id();
        long conversations = server.count("SELECT COUNT(*) FROM conversations WHERE workspace_id = ?", ws);
        long messages = server.count("SELECT COUNT(*) FROM messages WHERE workspace_id = ?", ws);
        long runs = server.count("SELECT COUNT(*) FROM flow_runs WHERE workspace_id = ?", ws);
        long contacts = server.count("SELECT COUNT(*) FROM contacts WHERE workspace_id = ?", ws);

        Http.Response run = simulate(tenant.owner().http(), SHOP, List.of(tap("Classic", "classic"), answer("lena@example.com")), null);
        assertThat(run.body().get("outcome").asText()).isEqualTo("handed_off");

        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE workspace_id = ?", ws)).isEqualTo(conversations);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE workspace_id = ?", ws)).isEqualTo(messages);
        assertThat(server.count("SELECT COUNT(*) FROM flow_runs WHERE workspace_id = ?", ws)).isEqualTo(runs);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE workspace_id = ?", ws)).isEqualTo(contacts);
    }

    @Test
    void validationListsProblemsIncludingAnAssignToSomeoneWhoIsNotAnAgentHere() {
        TestServer.Tenant tenant = server.tenant("Validate " + database);
        TestServer.Tenant other = server.tenant("ValidateOther " + database);
        Http owner = tenant.owner().http();

        assertThat(validate(owner, assignTo(tenant.agent().id()))).as("an active agent of the workspace").isEmpty();
        for (String stranger : List.of("no-such-agent", other.agent().id())) {
            List<JsonNode> problems = validate(owner, assignTo(stranger));
            assertThat(problems).as(stranger).hasSize(1);
            assertThat(problems.get(0).get("step").asText()).isEqualTo("to_ana");
            assertThat(problems.get(0).get("field").asText()).isEqualTo("agent_id");
            assertThat(problems.get(0).get("message").asText()).contains("not an active agent");
        }
        List<JsonNode> problems = validate(owner, Map.of("trigger", Map.of("type", "page"), "steps", List.of(
                Map.of("id", "a", "type", "say", "text", "Hi", "next", "nowhere"))));
        assertThat(problems).extracting(p -> p.get("field").asText()).containsExactly("trigger.url_pattern");
        assertThat(validate(tenant.agent().http(), SHOP)).as("agents may check a definition").isEmpty();
    }

    static Map<String, Object> assignTo(String agentId) {
        return Map.of("trigger", Map.of("type", "conversation_started"), "steps", List.of(
                Map.of("id", "to_ana", "type", "assign", "agent_id", agentId),
                Map.of("id", "bye", "type", "handoff", "text", "Ana will help you.")));
    }

    static List<JsonNode> validate(Http http, Object definition) {
        Http.Response response = http.post("/api/v1/flows/validate", Map.of("definition", definition));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> problems = new ArrayList<>();
        response.body().get("problems").forEach(problems::add);
        return problems;
    }

    @Test
    void publishingWithProblemsIsA422AndPublishesNothing() {
        TestServer.Tenant tenant = server.tenant("PublishBad " + database);
        Http owner = tenant.owner().http();
        for (Object draft : List.of(Map.of("trigger", Map.of("type", "conversation_started"),
                "steps", List.of(Map.of("id", "q", "type", "ask", "text", "Name?"))), assignTo("no-such-agent"))) {
            Http.Response created = owner.post("/api/v1/flows", Map.of("name", "Draft", "definition", draft));
            assertThat(created.status()).as("a draft may have problems while it is edited").isEqualTo(201);
            String id = created.body().get("id").asText();

            Http.Response published = owner.post("/api/v1/flows/" + id + "/publish", Map.of());
            assertThat(published.status()).isEqualTo(422);
            assertThat(published.body().get("problems")).isNotEmpty();
            JsonNode flow = owner.get("/api/v1/flows/" + id).body();
            assertThat(flow.hasNonNull("published_version")).isFalse();
            assertThat(flow.get("versions")).isEmpty();
            assertThat(server.count("SELECT COUNT(*) FROM flow_versions WHERE flow_id = ?", id)).isZero();
        }
        // Nothing published means nothing runs: a new conversation belongs to the humans.
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        assertThat(tenant.agent().http().get("/api/v1/conversations/" + conversation).body()
                .get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
    }

    @Test
    void anAgentMayReadAndSimulateButNotWrite() {
        TestServer.Tenant tenant = server.tenant("Roles " + database);
        String id = FlowIT.publish(tenant, SHOP);
        Http agent = tenant.agent().http();

        assertThat(agent.get("/api/v1/flows").status()).isEqualTo(200);
        assertThat(agent.get("/api/v1/flows").body().get("flows").get(0).get("id").asText()).isEqualTo(id);
        assertThat(agent.get("/api/v1/flows/" + id).status()).isEqualTo(200);
        assertThat(agent.get("/api/v1/flows/" + id + "/stats").status()).isEqualTo(200);
        assertThat(simulate(agent, SHOP, List.of(), null).status()).isEqualTo(200);

        assertThat(agent.post("/api/v1/flows", Map.of("name", "Mine")).status()).isEqualTo(403);
        assertThat(agent.patch("/api/v1/flows/" + id, Map.of("name", "Renamed")).status()).isEqualTo(403);
        assertThat(agent.post("/api/v1/flows/" + id + "/publish", Map.of()).status()).isEqualTo(403);
        assertThat(agent.delete("/api/v1/flows/" + id).status()).isEqualTo(403);

        JsonNode flow = tenant.owner().http().get("/api/v1/flows/" + id).body();
        assertThat(flow.get("name").asText()).isEqualTo("Stylist");
        assertThat(flow.get("published_version").asInt()).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM flows WHERE workspace_id = ?", tenant.workspace().id())).isEqualTo(1);
    }

    @Test
    void anotherWorkspacesFlowIsNotFound() {
        TestServer.Tenant mine = server.tenant("Mine " + database);
        TestServer.Tenant theirs = server.tenant("Theirs " + database);
        String id = FlowIT.publish(theirs, SHOP);
        Http owner = mine.owner().http();

        assertThat(owner.get("/api/v1/flows/" + id).status()).isEqualTo(404);
        assertThat(owner.patch("/api/v1/flows/" + id, Map.of("name", "Stolen", "definition", SHOP)).status()).isEqualTo(404);
        assertThat(owner.post("/api/v1/flows/" + id + "/publish", Map.of()).status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/flows/" + id + "/stats").status()).isEqualTo(404);
        assertThat(owner.delete("/api/v1/flows/" + id).status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/flows").body().get("flows")).isEmpty();
        assertThat(server.http().bearer(mine.apiKey()).get("/api/v1/flows/" + id).status()).as("an API key").isEqualTo(404);

        JsonNode flow = theirs.owner().http().get("/api/v1/flows/" + id).body();
        assertThat(flow.get("name").asText()).isEqualTo("Stylist");
        assertThat(flow.get("published_version").asInt()).as("still one version").isEqualTo(1);
    }
}
