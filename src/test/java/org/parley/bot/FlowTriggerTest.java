package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.http.Json;
import org.parley.workspace.BusinessHours;

/** When a flow starts in a new conversation (docs/bots.md, Triggers), from the trigger as an admin writes it. */
class FlowTriggerTest {
    static final BusinessHours PARIS_WEEKDAYS = new BusinessHours("Europe/Paris", Map.of(
            "mon", List.of(List.of("09:00", "18:00")), "tue", List.of(List.of("09:00", "18:00")),
            "wed", List.of(List.of("09:00", "18:00")), "thu", List.of(List.of("09:00", "18:00")),
            "fri", List.of(List.of("09:00", "18:00"))));

    private static FlowDefinition.Trigger trigger(String json) {
        FlowParser.Result parsed = FlowParser.parse(Json.tree(
                "{\"trigger\": " + json + ", \"steps\": [{\"id\": \"hi\", \"type\": \"say\", \"text\": \"Hi\"}]}"));
        assertThat(parsed.problems()).isEmpty();
        return parsed.definition().trigger();
    }

    private static FlowEngine.Context visitor(String pageUrl, String ref) {
        return new FlowEngine.Context(Instant.parse("2026-03-30T07:30:00Z"), pageUrl, ref, null, Map.of(), null);
    }

    private static FlowEngine.Context at(String instant) {
        return new FlowEngine.Context(Instant.parse(instant), null, null, null, Map.of(), PARIS_WEEKDAYS);
    }

    private static boolean holds(FlowDefinition.Trigger trigger, FlowEngine.Context context) {
        return FlowThreads.triggers(trigger, context, false);
    }

    @Test
    void conversationStartedAlwaysHolds() {
        FlowDefinition.Trigger started = trigger("{\"type\": \"conversation_started\"}");
        assertThat(FlowThreads.triggers(started, visitor(null, null), false)).isTrue();
        assertThat(FlowThreads.triggers(started, visitor(null, null), true)).isTrue();
    }

    @Test
    void firstMessageHoldsOnlyForAConversationStartedWithAVisitorsMessage() {
        FlowDefinition.Trigger first = trigger("{\"type\": \"first_message\"}");
        assertThat(FlowThreads.triggers(first, visitor(null, null), true)).isTrue();
        assertThat(FlowThreads.triggers(first, visitor(null, null), false)).isFalse();
    }

    @Test
    void aPagePatternMatchesTheFullUrl() {
        FlowDefinition.Trigger products = trigger("{\"type\": \"page\", \"url_pattern\": \"https://shop.example/products/*\"}");
        assertThat(holds(products, visitor("https://shop.example/products/silk-scarf?colour=red", null))).isTrue();
        assertThat(holds(products, visitor("HTTPS://SHOP.EXAMPLE/Products/scarf", null))).as("ignoring case").isTrue();
        assertThat(holds(products, visitor("https://shop.example/cart", null))).isFalse();
        assertThat(holds(products, visitor("https://evil.example/?https://shop.example/products/x", null)))
                .as("the pattern must match from the start").isFalse();
        assertThat(holds(products, visitor(null, null))).as("no page known").isFalse();
    }

    @Test
    void aPagePatternMatchesThePathAlone() {
        FlowDefinition.Trigger checkout = trigger("{\"type\": \"page\", \"url_pattern\": \"/checkout*\"}");
        assertThat(holds(checkout, visitor("https://shop.example/checkout", null))).isTrue();
        assertThat(holds(checkout, visitor("https://shop.example/checkout/payment?coupon=SPRING", null))).isTrue();
        assertThat(holds(checkout, visitor("https://shop.example/cart?next=/checkout", null))).isFalse();

        FlowDefinition.Trigger exact = trigger("{\"type\": \"page\", \"url_pattern\": \"/pricing\"}");
        assertThat(holds(exact, visitor("https://shop.example/pricing?plan=pro#faq", null))).as("query and fragment aside").isTrue();
        assertThat(holds(exact, visitor("https://shop.example/pricing/enterprise", null))).isFalse();
        FlowDefinition.Trigger home = trigger("{\"type\": \"page\", \"url_pattern\": \"/\"}");
        assertThat(holds(home, visitor("https://shop.example", null))).as("a URL without a path is the home page").isTrue();

        FlowDefinition.Trigger wildcard = trigger("{\"type\": \"page\", \"url_pattern\": \"*/sale/*\"}");
        assertThat(holds(wildcard, visitor("https://shop.example/fr/sale/shoes", null))).isTrue();
        assertThat(holds(wildcard, visitor("https://shop.example/fr/salesforce", null))).isFalse();
    }

    @Test
    void aRefMatchesIgnoringCase() {
        FlowDefinition.Trigger spring = trigger("{\"type\": \"ref\", \"ref\": \"spring-sale\"}");
        assertThat(holds(spring, visitor(null, "spring-sale"))).isTrue();
        assertThat(holds(spring, visitor(null, "Spring-SALE"))).isTrue();
        assertThat(holds(spring, visitor(null, "spring-sale-2"))).isFalse();
        assertThat(holds(spring, visitor(null, null))).isFalse();
    }

    @Test
    void outsideHoursFollowsTheWallClockAcrossTheMarchChange() {
        FlowDefinition.Trigger outside = trigger("{\"type\": \"outside_hours\"}");
        // Paris moves from CET (+1) to CEST (+2) on Sunday 29 March 2026.
        assertThat(holds(outside, at("2026-03-27T07:30:00Z"))).as("Friday 08:30 CET: closed").isTrue();
        assertThat(holds(outside, at("2026-03-30T07:30:00Z"))).as("Monday 09:30 CEST: open").isFalse();
        assertThat(holds(outside, at("2026-03-30T06:59:00Z"))).as("Monday 08:59 CEST: closed").isTrue();
        assertThat(holds(outside, at("2026-03-30T16:00:00Z"))).as("Monday 18:00 CEST: the end is excluded").isTrue();
    }

    @Test
    void outsideHoursFollowsTheWallClockAcrossTheOctoberChange() {
        FlowDefinition.Trigger outside = trigger("{\"type\": \"outside_hours\"}");
        // Paris moves back from CEST (+2) to CET (+1) on Sunday 25 October 2026.
        assertThat(holds(outside, at("2026-10-23T07:30:00Z"))).as("Friday 09:30 CEST: open").isFalse();
        assertThat(holds(outside, at("2026-10-26T07:30:00Z"))).as("Monday 08:30 CET: closed").isTrue();
        assertThat(holds(outside, at("2026-10-26T08:30:00Z"))).as("Monday 09:30 CET: open").isFalse();
        assertThat(holds(outside, at("2026-10-25T10:00:00Z"))).as("Sunday: closed").isTrue();
    }

    @Test
    void withoutBusinessHoursAWorkspaceIsNeverOutsideThem() {
        assertThat(holds(trigger("{\"type\": \"outside_hours\"}"), visitor(null, null))).isFalse();
    }
}
