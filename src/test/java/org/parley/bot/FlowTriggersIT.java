package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.bot.FlowIT.awaitSettled;
import static org.parley.bot.FlowIT.awaitVisitorThread;
import static org.parley.bot.FlowIT.lastBotSays;
import static org.parley.bot.FlowIT.open;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Which flow a conversation gets, through the real start (docs/bots.md): triggers in the flows' order, the page's
 * ref, a disabled flow, the widget config; and what a flow does to its conversation (conversation attributes,
 * assign, resolve) as agents and the containment figures see it. Both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowTriggersIT {
    static final String SHOP = "https://shop.example";

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

    static Map<String, Object> saying(Map<String, Object> trigger, String text) {
        return Map.of("trigger", trigger, "steps", List.of(Map.of("id", "hi", "type", "say", "text", text),
                Map.of("id", "q", "type", "ask", "text", text + "?", "variable", "x")));
    }

    static void pageView(TestServer.Tenant tenant, TestServer.Visitor visitor, String url, String ref) throws Exception {
        Map<String, Object> event = ref == null ? Map.of("type", "page_view", "url", url)
                : Map.of("type", "page_view", "url", url, "ref", ref);
        Http.Response sent = server.http().with("Origin", SHOP).sendBody("POST", "/api/v1/widget/activity",
                Http.JSON.writeValueAsString(Map.of("key", tenant.widgetKey(), "token", visitor.token(), "events", List.of(event))));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(204);
    }

    static String owner(TestServer.Tenant tenant, String conversation) {
        JsonNode owner = tenant.agent().http().get("/api/v1/conversations/" + conversation).body().at("/conversation/owner");
        return owner.get("type").asText().equals("humans") ? "humans" : owner.get("id").asText();
    }

    @Test
    void triggersAreCheckedInTheFlowsOrderAndADisabledFlowStartsNothing() throws Exception {
        TestServer.Tenant tenant = server.tenant("Triggers " + database);
        String spring = FlowIT.publish(tenant, saying(Map.of("type", "ref", "ref", "spring"), "Spring sale"));
        String pricing = FlowIT.publish(tenant, saying(Map.of("type", "page", "url_pattern", "/pricing*",
                "seconds_on_page", 20), "Questions on prices"));
        String welcome = FlowIT.publish(tenant, saying(Map.of("type", "conversation_started"), "Welcome"));

        TestServer.Visitor fromCampaign = server.visitor(tenant);
        pageView(tenant, fromCampaign, SHOP + "/pricing?x=1", "SPRING");
        TestServer.Visitor onPricing = server.visitor(tenant);
        pageView(tenant, onPricing, SHOP + "/pricing/scarves", null);
        TestServer.Visitor elsewhere = server.visitor(tenant);
        pageView(tenant, elsewhere, SHOP + "/about", null);
        assertThat(owner(tenant, open(fromCampaign))).as("the first flow whose trigger holds").isEqualTo(spring);
        assertThat(owner(tenant, open(onPricing))).isEqualTo(pricing);
        String welcomed = open(elsewhere);
        assertThat(owner(tenant, welcomed)).isEqualTo(welcome);
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE workspace_id = ? AND origin = 'flow'",
                tenant.workspace().id())).as("page and ref flows open their conversations (reports: by flows)").isEqualTo(2);
        awaitVisitorThread(elsewhere, welcomed, t -> lastBotSays(t, "Welcome?"));

        JsonNode config = server.http().with("Origin", SHOP).get("/api/v1/widget/config?key=" + tenant.widgetKey()).body();
        assertThat(config.at("/flows/on_open").asBoolean()).isTrue();
        assertThat(config.at("/flows/pages/0/url_pattern").asText()).isEqualTo("/pricing*");
        assertThat(config.at("/flows/pages/0/seconds_on_page").asInt()).isEqualTo(20);

        Http owner = tenant.owner().http();
        for (String id : List.of(spring, pricing, welcome)) {
            assertThat(owner.patch("/api/v1/flows/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
        }
        TestServer.Visitor later = server.visitor(tenant);
        assertThat(owner(tenant, open(later))).as("no enabled flow: the humans").isEqualTo("humans");
        assertThat(server.http().with("Origin", SHOP).get("/api/v1/widget/config?key=" + tenant.widgetKey()).body()
                .at("/flows/on_open").asBoolean()).isFalse();
    }

    @Test
    void aFlowSetsConversationAttributesAssignsAndResolvesWithoutAHumanAndContainmentCountsIt() {
        TestServer.Tenant tenant = server.tenant("Contained " + database);
        String flowId = FlowIT.publish(tenant, Map.of("trigger", Map.of("type", "conversation_started"), "steps", List.of(
                Map.of("id", "topic", "type", "ask", "text", "Order or returns?", "input", "choice",
                        "choices", List.of(Map.of("label", "Order", "value", "order"), Map.of("label", "Returns", "value", "returns")),
                        "variable", "topic", "save_to", "conversation"),
                Map.of("id", "tag", "type", "set", "target", "conversation", "name", "channel", "value", "bot"),
                Map.of("id", "who", "type", "assign", "agent_id", tenant.agent().id()),
                Map.of("id", "done", "type", "resolve", "text", "Our returns page has it all. Bye!"))));
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Order or returns?"));
        FlowIT.answer(visitor, conversation, "Returns", "returns");
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Our returns page has it all. Bye!"));
        awaitSettled(server);

        JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation).body().get("conversation");
        assertThat(view.at("/attributes/topic").asText()).isEqualTo("returns");
        assertThat(view.at("/attributes/channel").asText()).isEqualTo("bot");
        assertThat(view.get("assignee_id").asText()).isEqualTo(tenant.agent().id());
        assertThat(view.get("status").asText()).isEqualTo("resolved");
        assertThat(view.at("/owner/type").asText()).as("a later message goes to the humans").isEqualTo("humans");

        JsonNode containment = tenant.agent().http().get("/api/v1/flows/containment").body();
        assertThat(containment.at("/all/started").asInt()).isEqualTo(1);
        assertThat(containment.at("/all/resolved").asInt()).isEqualTo(1);
        assertThat(containment.at("/all/containment_rate").asDouble()).isEqualTo(1.0);
        assertThat(containment.at("/flows/0/flow_id").asText()).isEqualTo(flowId);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        JsonNode bots = tenant.owner().http().get("/api/v1/reports/bots?from=" + today + "&to=" + today + "&filter=flow:" + flowId)
                .body();
        assertThat(bots.at("/totals/flow_started").asLong()).as("the bots report agrees").isEqualTo(1);
        assertThat(bots.at("/totals/contained").asLong()).isEqualTo(1);
        assertThat(bots.at("/totals/containment_rate").asDouble()).isEqualTo(1.0);
        assertThat(bots.at("/totals/handoff_rate").asDouble()).isZero();
        Http.Response back = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "flow"));
        assertThat(back.status()).as("a resolved run has nothing left to ask").isEqualTo(409);
    }
}
