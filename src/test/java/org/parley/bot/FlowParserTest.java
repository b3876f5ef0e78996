package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.http.Json;

/**
 * What the editor shows for a definition (docs/bots.md, Validation): a valid one parses to something the engine
 * can run; each problem names its step and field and says what is wrong, so it can be shown in place.
 */
class FlowParserTest {
    private static FlowParser.Result parse(String json) {
        return FlowParser.parse(Json.tree(json));
    }

    /** The only problem of {@code json}: a definition with several problems would hide what a test is about. */
    private static FlowParser.Problem onlyProblem(String json) {
        FlowParser.Result result = parse(json);
        assertThat(result.definition()).as("a definition with a problem does not parse").isNull();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    /** A valid definition with {@code steps} (a JSON list body) and the default trigger. */
    private static String flow(String steps) {
        return "{\"trigger\": {\"type\": \"conversation_started\"}, \"steps\": [" + steps + "]}";
    }

    @Test
    void theDocumentedStylistFlowParsesWithItsStepsInOrderAndItsReferencesKept() {
        FlowParser.Result result = parse("""
                {"name": "Stylist", "trigger": {"type": "conversation_started"}, "timeout_seconds": 600, "steps": [
                  {"id": "greet", "type": "say", "text": "Hi!", "content": {"quick_replies": [{"label": "Hi", "payload": "hi"}]}},
                  {"id": "style", "type": "ask", "text": "Which style?", "input": "choice", "display": "buttons",
                   "choices": [{"label": "Classic", "value": "classic"}, {"label": "Bold"}],
                   "variable": "style", "save_to": "contact", "reask": "Please pick one."},
                  {"id": "budget", "type": "ask", "text": "Budget?", "input": "number", "min": 10, "max": 500,
                   "variable": "budget", "save_to": "conversation"},
                  {"id": "tag", "type": "set", "target": "conversation", "name": "source", "value": "flow"},
                  {"id": "route", "type": "branch", "branches": [
                     {"when": {"subject": "business_hours", "op": "is_closed"}, "next": "closed"},
                     {"when": {"subject": "answer", "name": "style", "op": "equals", "value": "bold"}, "next": "pause"}],
                   "default": "handoff"},
                  {"id": "pause", "type": "wait", "seconds": 5, "next": "handoff"},
                  {"id": "closed", "type": "say", "text": "We're closed.", "next": "done"},
                  {"id": "handoff", "type": "handoff", "text": "A stylist is coming."},
                  {"id": "done", "type": "resolve"}]}
                """);

        assertThat(result.problems()).isEmpty();
        FlowDefinition flow = result.definition();
        assertThat(flow.trigger().type()).isEqualTo("conversation_started");
        assertThat(flow.timeoutSeconds()).isEqualTo(600);
        assertThat(flow.steps()).extracting(FlowDefinition.Step::id)
                .containsExactly("greet", "style", "budget", "tag", "route", "pause", "closed", "handoff", "done");
        FlowDefinition.Ask style = (FlowDefinition.Ask) flow.step("style");
        assertThat(style.choices()).containsExactly(new FlowDefinition.Choice("Classic", "classic"),
                new FlowDefinition.Choice("Bold", "Bold"));
        assertThat(style.display()).isEqualTo("buttons");
        FlowDefinition.Ask budget = (FlowDefinition.Ask) flow.step("budget");
        assertThat(budget.min()).isEqualTo(10.0);
        assertThat(budget.max()).isEqualTo(500.0);
        assertThat(budget.saveTo()).isEqualTo("conversation");
        assertThat(flow.following(flow.step("greet"))).isEqualTo("style");
        assertThat(flow.following(flow.step("closed"))).isEqualTo("done");
        assertThat(((FlowDefinition.Branch) flow.step("route")).fallback()).isEqualTo("handoff");
        assertThat(((FlowDefinition.Say) flow.step("greet")).content().get("quick_replies").get(0).get("label").asText())
                .isEqualTo("Hi");
    }

    @Test
    void leftOutSettingsTakeTheirDocumentedDefaults() {
        FlowDefinition flow = parse(flow("""
                {"id": "q", "type": "ask", "text": "Name?", "variable": "name"}""")).definition();
        assertThat(flow.timeoutSeconds()).as("default timeout").isEqualTo(600);
        FlowDefinition.Ask ask = (FlowDefinition.Ask) flow.step("q");
        assertThat(ask.input()).isEqualTo("text");
        assertThat(ask.saveTo()).isEqualTo("contact");
        assertThat(ask.reask()).isNull();
        assertThat(flow.following(ask)).as("after the last step: the end").isNull();
    }

    @Test
    void anUnknownStepTypeNamesTheStepAndListsTheTypes() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "hello", "type": "shout", "text": "Hi"}"""));
        assertThat(p.step()).isEqualTo("hello");
        assertThat(p.field()).isEqualTo("type");
        assertThat(p.message()).contains("'hello'").contains("unknown type").contains("say").contains("handoff");
    }

    @Test
    void twoStepsWithOneIdAreADuplicate() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "greet", "type": "say", "text": "Hi"}, {"id": "greet", "type": "say", "text": "Hi again"}"""));
        assertThat(p.step()).isEqualTo("greet");
        assertThat(p.field()).isEqualTo("id");
        assertThat(p.message()).contains("Two steps are named 'greet'");
    }

    @Test
    void aBadIdIsNamedByTheStepsPosition() {
        for (String id : List.of("\"with space\"", "\"\"", "\"" + "x".repeat(41) + "\"", "\"é\"", "7")) {
            FlowParser.Problem p = onlyProblem(flow("""
                    {"id": "greet", "type": "say", "text": "Hi"}, {"id": %s, "type": "say", "text": "Hi"}""".formatted(id)));
            assertThat(p.step()).as(id).isEqualTo("#2");
            assertThat(p.field()).isEqualTo("id");
            assertThat(p.message()).contains("#2").contains("1-40");
        }
        assertThat(parse(flow("""
                {"id": "%s", "type": "say", "text": "Hi"}""".formatted("A-z_0".repeat(8)))).problems())
                .as("40 characters of letters, digits, _ and - are an id").isEmpty();
    }

    @Test
    void aNextNamingNoStepIsNamed() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "greet", "type": "say", "text": "Hi", "next": "nowhere"}"""));
        assertThat(p.step()).isEqualTo("greet");
        assertThat(p.field()).isEqualTo("next");
        assertThat(p.message()).contains("'nowhere'").contains("not a step");

        FlowParser.Problem branch = onlyProblem(flow("""
                {"id": "route", "type": "branch", "branches": [{"when": {"subject": "ref", "op": "exists"}, "next": "gone"}],
                 "default": "end"},
                {"id": "end", "type": "resolve"}"""));
        assertThat(branch.step()).isEqualTo("route");
        assertThat(branch.message()).contains("'gone'");
    }

    @Test
    void aStepNothingLeadsToIsUnreachable() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "greet", "type": "say", "text": "Hi"},
                {"id": "bye", "type": "handoff"},
                {"id": "orphan", "type": "say", "text": "Nobody hears me"}"""));
        assertThat(p.step()).isEqualTo("orphan");
        assertThat(p.message()).contains("'orphan'").contains("never be reached");

        assertThat(parse(flow("""
                {"id": "route", "type": "branch", "branches": [], "default": "last"},
                {"id": "skipped", "type": "say", "text": "A branch does not fall through"},
                {"id": "last", "type": "resolve"}""")).problems())
                .extracting(FlowParser.Problem::step).containsExactly("skipped");
        assertThat(parse(flow("""
                {"id": "route", "type": "branch", "branches": [], "default": "later"},
                {"id": "jumped", "type": "say", "text": "Reached from the end", "next": "done"},
                {"id": "later", "type": "say", "text": "Later", "next": "jumped"},
                {"id": "done", "type": "resolve"}""")).problems())
                .as("steps reached through next, out of list order").isEmpty();
    }

    @Test
    void aBranchWithoutADefaultIsNamed() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "route", "type": "branch", "branches": [{"when": {"subject": "ref", "op": "exists"}, "next": "end"}]},
                {"id": "end", "type": "resolve"}"""));
        assertThat(p.step()).isEqualTo("route");
        assertThat(p.field()).isEqualTo("default");
        assertThat(p.message()).contains("'route'").contains("without a default");
    }

    @Test
    void aBranchConditionMustBeOneTheEngineKnows() {
        assertThat(onlyProblem(flow("""
                {"id": "route", "type": "branch", "branches": [{"when": {"subject": "weather", "op": "exists"}, "next": "end"}],
                 "default": "end"},
                {"id": "end", "type": "resolve"}""")).field()).isEqualTo("branches[0]");
        FlowParser.Problem hours = onlyProblem(flow("""
                {"id": "route", "type": "branch", "branches": [{"when": {"subject": "business_hours", "op": "equals"}, "next": "end"}],
                 "default": "end"},
                {"id": "end", "type": "resolve"}"""));
        assertThat(hours.message()).contains("is_open or is_closed");
        FlowParser.Problem nameless = onlyProblem(flow("""
                {"id": "route", "type": "branch", "branches": [{"when": {"subject": "answer", "op": "exists"}, "next": "end"}],
                 "default": "end"},
                {"id": "end", "type": "resolve"}"""));
        assertThat(nameless.message()).contains("needs its name");
    }

    @Test
    void aConditionsValueLongerThanAPatternMayBeIsAProblemNotAFailureAtRunTime() {
        // Wildcard refuses patterns over 500 characters; a published flow must never reach it with one.
        String condition = """
                {"id": "route", "type": "branch", "branches": [{"when": {"subject": "page_url", "op": "matches", "value": "%s"},
                  "next": "end"}], "default": "end"},
                {"id": "end", "type": "resolve"}""";
        FlowParser.Problem p = onlyProblem(flow(condition.formatted("*" + "a".repeat(Wildcard.MAX_PATTERN_LENGTH))));
        assertThat(p.step()).isEqualTo("route");
        assertThat(p.field()).isEqualTo("branches[0]");
        assertThat(p.message()).contains("500");
        assertThat(parse(flow(condition.formatted("*" + "a".repeat(Wildcard.MAX_PATTERN_LENGTH - 1)))).problems()).isEmpty();
    }

    @Test
    void anAskWithoutAVariableIsNamed() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "q", "type": "ask", "text": "Your name?"}"""));
        assertThat(p.step()).isEqualTo("q");
        assertThat(p.field()).isEqualTo("variable");
        assertThat(p.message()).contains("'q'").contains("variable");
        assertThat(onlyProblem(flow("""
                {"id": "q", "type": "ask", "text": "Your name?", "variable": "1st name"}""")).field()).isEqualTo("variable");
    }

    @Test
    void aChoiceAskWithoutChoicesIsNamed() {
        for (String choices : List.of("", ", \"choices\": []", ", \"choices\": \"classic\"")) {
            FlowParser.Problem p = onlyProblem(flow("""
                    {"id": "style", "type": "ask", "text": "Style?", "input": "choice", "variable": "style"%s}""".formatted(choices)));
            assertThat(p.step()).as(choices).isEqualTo("style");
            assertThat(p.field()).isEqualTo("choices");
            assertThat(p.message()).contains("'style'").contains("1-10 choices");
        }
        String eleven = String.join(",", java.util.Collections.nCopies(11, "{\"label\": \"A\"}"));
        assertThat(onlyProblem(flow("""
                {"id": "style", "type": "ask", "text": "Style?", "input": "choice", "variable": "style", "choices": [%s]}"""
                .formatted(eleven))).field()).isEqualTo("choices");
    }

    @Test
    void aPageTriggerWithoutAUrlPatternIsNamed() {
        FlowParser.Problem p = onlyProblem("""
                {"trigger": {"type": "page"}, "steps": [{"id": "greet", "type": "say", "text": "Hi"}]}""");
        assertThat(p.step()).isNull();
        assertThat(p.field()).isEqualTo("trigger.url_pattern");
        assertThat(p.message()).contains("URL pattern");
        assertThat(onlyProblem("""
                {"trigger": {"type": "sometimes"}, "steps": [{"id": "greet", "type": "say", "text": "Hi"}]}""").field())
                .isEqualTo("trigger");
        assertThat(onlyProblem("""
                {"trigger": {"type": "ref"}, "steps": [{"id": "greet", "type": "say", "text": "Hi"}]}""").field())
                .isEqualTo("trigger.ref");
    }

    @Test
    void aTimeoutOutsideThirtySecondsToADayIsNamed() {
        for (String timeout : List.of("29", "86401", "0", "-5", "\"600\"", "1.5")) {
            FlowParser.Problem p = onlyProblem("""
                    {"trigger": {"type": "conversation_started"}, "timeout_seconds": %s,
                     "steps": [{"id": "greet", "type": "say", "text": "Hi"}]}""".formatted(timeout));
            assertThat(p.field()).as(timeout).isEqualTo("timeout_seconds");
            assertThat(p.message()).contains("30-86400");
        }
        for (int ok : new int[] {30, 86_400}) {
            assertThat(parse("""
                    {"trigger": {"type": "conversation_started"}, "timeout_seconds": %d,
                     "steps": [{"id": "greet", "type": "say", "text": "Hi"}]}""".formatted(ok)).definition().timeoutSeconds())
                    .isEqualTo(ok);
        }
    }

    @Test
    void unknownFieldsAreNamedAtTheTopAndInASteps() {
        FlowParser.Problem top = onlyProblem("""
                {"trigger": {"type": "conversation_started"}, "colour": "red",
                 "steps": [{"id": "greet", "type": "say", "text": "Hi"}]}""");
        assertThat(top.step()).isNull();
        assertThat(top.field()).isEqualTo("colour");
        assertThat(top.message()).contains("Unknown field 'colour'");

        FlowParser.Problem inStep = onlyProblem(flow("""
                {"id": "greet", "type": "say", "text": "Hi", "choices": []}"""));
        assertThat(inStep.step()).isEqualTo("greet");
        assertThat(inStep.field()).isEqualTo("choices");
        assertThat(inStep.message()).contains("unknown field 'choices'");
    }

    @Test
    void badRichContentInASayStepNamesTheStepAndTheField() {
        FlowParser.Problem p = onlyProblem(flow("""
                {"id": "greet", "type": "say", "text": "Hi", "content": {"quick_replies": [{"label": "%s", "payload": "x"}]}}"""
                .formatted("L".repeat(41))));
        assertThat(p.step()).isEqualTo("greet");
        assertThat(p.field()).isEqualTo("content");
        assertThat(p.message()).contains("'greet'").contains("quick_replies[0].label");
        assertThat(parse(flow("""
                {"id": "greet", "type": "say", "text": "Hi", "content": {"quick_replies": [{"label": "%s", "payload": "x"}]}}"""
                .formatted("L".repeat(40)))).problems()).as("40 characters are allowed").isEmpty();
    }

    @Test
    void aFlowHasAtMostOneHundredSteps() {
        StringBuilder steps = new StringBuilder();
        for (int i = 1; i <= 101; i++) {
            steps.append(i > 1 ? "," : "").append("{\"id\": \"s").append(i).append("\", \"type\": \"say\", \"text\": \"Hi\"}");
        }
        FlowParser.Problem p = onlyProblem(flow(steps.toString()));
        assertThat(p.field()).isEqualTo("steps");
        assertThat(p.message()).contains("at most 100 steps");

        String hundred = steps.substring(0, steps.lastIndexOf(",{"));
        assertThat(parse(flow(hundred)).definition().steps()).hasSize(100);
        assertThat(onlyProblem(flow("")).message()).contains("at least one step");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        FlowParser.Result result = parse("""
                {"trigger": {"type": "page"}, "timeout_seconds": 5, "steps": [
                  {"id": "a", "type": "ask", "text": "Q?"},
                  {"id": "b", "type": "shout"},
                  {"id": "c", "type": "branch", "branches": []}]}""");
        assertThat(result.problems()).extracting(FlowParser.Problem::field)
                .containsExactlyInAnyOrder("trigger.url_pattern", "timeout_seconds", "variable", "type", "default");
    }
}
