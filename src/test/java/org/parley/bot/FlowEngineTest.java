package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.parley.http.Json;
import org.parley.workspace.BusinessHours;

/**
 * The flow engine's behaviour, step by step (docs/bots.md, Flows): what a visitor sees and what the thread's
 * owner becomes. The engine is pure, so every case here is a turn from a state with a fixed instant.
 */
class FlowEngineTest {
    static final Instant NOW = Instant.parse("2026-03-30T07:30:00Z"); // a Monday, 09:30 in Paris (CEST)
    static final FlowEngine.Context CONTEXT = context(NOW);

    static FlowEngine.Context context(Instant at) {
        return new FlowEngine.Context(at, null, null, null, Map.of(), null);
    }

    static FlowDefinition flow(String json) {
        FlowParser.Result parsed = FlowParser.parse(Json.tree(json));
        assertThat(parsed.problems()).as("a valid test flow").isEmpty();
        return parsed.definition();
    }

    /** A flow of {@code steps} (the inside of the JSON list), triggered at a conversation's start. */
    static FlowDefinition steps(String steps) {
        return flow("{\"trigger\": {\"type\": \"conversation_started\"}, \"timeout_seconds\": 120, \"steps\": [" + steps + "]}");
    }

    static List<String> said(FlowEngine.Turn turn) {
        return turn.actions().stream().filter(a -> a instanceof FlowEngine.Say).map(a -> ((FlowEngine.Say) a).text()).toList();
    }

    static FlowEngine.HandOff handOff(FlowEngine.Turn turn) {
        assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.HANDED_OFF);
        assertThat(turn.wakeAt()).as("an ended run has no timer").isNull();
        FlowEngine.Action last = turn.actions().get(turn.actions().size() - 1);
        assertThat(last).isInstanceOf(FlowEngine.HandOff.class);
        return (FlowEngine.HandOff) last;
    }

    static FlowEngine.Turn answer(FlowDefinition flow, FlowEngine.Turn after, String text) {
        return FlowEngine.answer(flow, after.state(), text, null, CONTEXT);
    }

    static final String EMAIL_ASK = """
            {"id": "email", "type": "ask", "text": "Your email?", "input": "email", "variable": "email",
             "reask": "That doesn't look like an email address."}""";

    @Test
    void saysChainUntilTheFirstQuestionWhichWaitsForTheAnswer() {
        FlowDefinition flow = steps("""
                {"id": "a", "type": "say", "text": "Hi!"},
                {"id": "b", "type": "say", "text": "I'm the shop's assistant.", "content": {"buttons": [{"label": "Sizes", "url": "https://shop.example/sizes"}]}},
                {"id": "q", "type": "ask", "text": "Your name?", "variable": "name"},
                {"id": "c", "type": "say", "text": "Not yet"}""");
        FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);

        assertThat(turn.actions()).hasSize(3);
        assertThat(said(turn)).containsExactly("Hi!", "I'm the shop's assistant.", "Your name?");
        assertThat(((FlowEngine.Say) turn.actions().get(1)).content().get("buttons").get(0).get("url").asText())
                .isEqualTo("https://shop.example/sizes");
        assertThat(((FlowEngine.Say) turn.actions().get(2)).content()).as("a text question needs no keyboard hint").isNull();
        assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.WAITING);
        assertThat(turn.state().step()).isEqualTo("q");
        assertThat(turn.state().waiting()).isEqualTo("answer");
    }

    @Nested
    class Answers {
        private String accepted(String askJson, String text, String payload) {
            FlowDefinition flow = steps(askJson);
            return FlowEngine.accepted((FlowDefinition.Ask) flow.steps().get(0), text, payload);
        }

        private String accepted(String askJson, String text) {
            return accepted(askJson, text, null);
        }

        @Test
        void textIsKeptStrippedAndMustNotBeEmpty() {
            String ask = "{\"id\": \"q\", \"type\": \"ask\", \"text\": \"Name?\", \"variable\": \"name\"}";
            assertThat(accepted(ask, "  Lena Martin ")).isEqualTo("Lena Martin");
            assertThat(accepted(ask, "   ")).isNull();
            assertThat(accepted(ask, "x".repeat(1001))).isNull();
        }

        @Test
        void anEmailIsNormalisedToLowerCase() {
            assertThat(accepted(EMAIL_ASK, " Lena@Example.COM ")).isEqualTo("lena@example.com");
            assertThat(accepted(EMAIL_ASK, "lena at example dot com")).isNull();
            assertThat(accepted(EMAIL_ASK, "lena@")).isNull();
        }

        @Test
        void aPhoneNumberHasSixToFifteenDigits() {
            String ask = "{\"id\": \"q\", \"type\": \"ask\", \"text\": \"Phone?\", \"input\": \"phone\", \"variable\": \"phone\"}";
            assertThat(accepted(ask, "+33 6 12 34 56 78")).isEqualTo("+33 6 12 34 56 78");
            assertThat(accepted(ask, "(555) 123-4567")).isEqualTo("(555) 123-4567");
            assertThat(accepted(ask, "12345")).as("five digits").isNull();
            assertThat(accepted(ask, "1234567890123456")).as("sixteen digits").isNull();
            assertThat(accepted(ask, "call me maybe")).isNull();
        }

        @Test
        void aNumberAcceptsACommaDecimalAndKeepsToMinAndMax() {
            String ask = """
                    {"id": "q", "type": "ask", "text": "Size?", "input": "number", "variable": "size", "min": 1, "max": 10}""";
            assertThat(accepted(ask, "3,5")).isEqualTo("3.5");
            assertThat(accepted(ask, "7.50")).isEqualTo("7.5");
            assertThat(accepted(ask, "1")).as("min is included").isEqualTo("1");
            assertThat(accepted(ask, "10")).as("max is included").isEqualTo("10");
            assertThat(accepted(ask, "0.99")).isNull();
            assertThat(accepted(ask, "10,01")).isNull();
            assertThat(accepted(ask, "ten")).isNull();
            String unbounded = "{\"id\": \"q\", \"type\": \"ask\", \"text\": \"Budget?\", \"input\": \"number\", \"variable\": \"b\"}";
            assertThat(accepted(unbounded, "1 200")).isEqualTo("1200");
            assertThat(accepted(unbounded, "-3")).isEqualTo("-3");
        }

        @Test
        void aDateIsAnIsoDate() {
            String ask = "{\"id\": \"q\", \"type\": \"ask\", \"text\": \"When?\", \"input\": \"date\", \"variable\": \"day\"}";
            assertThat(accepted(ask, "2026-03-30")).isEqualTo("2026-03-30");
            assertThat(accepted(ask, "30/03/2026")).isNull();
            assertThat(accepted(ask, "2026-02-30")).as("no such day").isNull();
            assertThat(accepted(ask, "tomorrow")).isNull();
        }

        @Test
        void aChoiceMatchesByPayloadByLabelIgnoringCaseOrByValue() {
            String ask = """
                    {"id": "q", "type": "ask", "text": "Style?", "input": "choice", "variable": "style",
                     "choices": [{"label": "Classic look", "value": "classic"}, {"label": "Bold", "value": "bold"}]}""";
            assertThat(accepted(ask, "Bold", "bold")).as("a tap").isEqualTo("bold");
            assertThat(accepted(ask, "whatever the label said", "classic")).as("the payload decides").isEqualTo("classic");
            assertThat(accepted(ask, "  CLASSIC LOOK ")).as("a typed label").isEqualTo("classic");
            assertThat(accepted(ask, "Classic")).as("a typed value, ignoring case").isEqualTo("classic");
            assertThat(accepted(ask, "green")).isNull();
            assertThat(accepted(ask, "green", "green")).as("a payload of no choice").isNull();
        }

        @Test
        void aValidAnswerIsKeptSavedAndTheFlowGoesOn() {
            FlowDefinition flow = steps(EMAIL_ASK + """
                    , {"id": "size", "type": "ask", "text": "Size?", "input": "number", "variable": "size", "save_to": "conversation"}""");
            FlowEngine.Turn asked = FlowEngine.start(flow, CONTEXT);
            assertThat(((FlowEngine.Say) asked.actions().get(0)).content().get("input").get("type").asText()).isEqualTo("email");

            FlowEngine.Turn next = answer(flow, asked, "Lena@Example.com");
            assertThat(next.actions().get(0)).isEqualTo(new FlowEngine.SetAttribute("contact", "email", "lena@example.com"));
            assertThat(said(next)).containsExactly("Size?");
            assertThat(next.state().answers()).containsExactly(Map.entry("email", "lena@example.com"));

            FlowEngine.Turn last = answer(flow, next, "38");
            assertThat(last.actions().get(0)).isEqualTo(new FlowEngine.SetAttribute("conversation", "size", "38"));
        }

        @Test
        void choicesAreOfferedAsQuickRepliesOrButtonsWithTheirValuesAsPayloads() {
            for (String display : List.of("quick_replies", "buttons")) {
                FlowDefinition flow = steps("""
                        {"id": "q", "type": "ask", "text": "Style?", "input": "choice", "variable": "style", "display": "%s",
                         "choices": [{"label": "Classic", "value": "classic"}, {"label": "Bold", "value": "bold"}]}""".formatted(display));
                FlowEngine.Say question = (FlowEngine.Say) FlowEngine.start(flow, CONTEXT).actions().get(0);
                assertThat(question.content().toString())
                        .isEqualTo("{\"" + display + "\":[{\"label\":\"Classic\",\"payload\":\"classic\"},"
                                + "{\"label\":\"Bold\",\"payload\":\"bold\"}]}");
            }
        }
    }

    @Nested
    class Reasks {
        private final FlowDefinition flow = steps(EMAIL_ASK + ", {\"id\": \"done\", \"type\": \"resolve\"}");

        @Test
        void anInvalidAnswerGetsTheReaskAndTheQuestionAgain() {
            FlowEngine.Turn turn = answer(flow, FlowEngine.start(flow, CONTEXT), "no thanks");
            assertThat(said(turn)).containsExactly("That doesn't look like an email address.", "Your email?");
            assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.WAITING);
            assertThat(turn.state().step()).isEqualTo("email");
            assertThat(turn.state().waiting()).isEqualTo("answer");
            assertThat(turn.actions()).noneMatch(a -> a instanceof FlowEngine.SetAttribute);
        }

        @Test
        void withoutAReaskTheDefaultOneIsSaid() {
            FlowDefinition plain = steps("{\"id\": \"q\", \"type\": \"ask\", \"text\": \"When?\", \"input\": \"date\", \"variable\": \"d\"}");
            assertThat(said(answer(plain, FlowEngine.start(plain, CONTEXT), "soon")))
                    .containsExactly("Sorry, I didn't get that.", "When?");
        }

        @Test
        void afterThreeReasksTheNextInvalidAnswerHandsOffAsNotUnderstood() {
            FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);
            for (int reask = 1; reask <= FlowEngine.MAX_REASKS; reask++) {
                turn = answer(flow, turn, "nope " + reask);
                assertThat(said(turn)).as("re-ask %d", reask).containsExactly("That doesn't look like an email address.", "Your email?");
            }
            FlowEngine.Turn last = answer(flow, turn, "still no");
            assertThat(said(last)).isEmpty();
            assertThat(handOff(last).reason()).isEqualTo("not_understood");
        }

        @Test
        void aValidAnswerStartsTheCountAgainForTheNextQuestion() {
            FlowDefinition two = steps(EMAIL_ASK + """
                    , {"id": "d", "type": "ask", "text": "When?", "input": "date", "variable": "d"}""");
            FlowEngine.Turn turn = FlowEngine.start(two, CONTEXT);
            turn = answer(two, answer(two, turn, "x"), "y");
            turn = answer(two, turn, "lena@example.com");
            assertThat(turn.state().reasks()).isZero();
            for (int i = 0; i < FlowEngine.MAX_REASKS; i++) {
                turn = answer(two, turn, "soon");
                assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.WAITING);
            }
        }
    }

    @Nested
    class TalkToAPerson {
        private final FlowDefinition flow = steps("""
                {"id": "name", "type": "ask", "text": "Your name?", "variable": "name"},
                {"id": "pause", "type": "wait", "seconds": 60},
                """ + EMAIL_ASK);

        @Test
        void theWidgetsPayloadHandsOffAsVisitorAskedWithTheAnswersSoFar() {
            FlowEngine.Turn named = answer(flow, FlowEngine.start(flow, CONTEXT), "Lena");
            assertThat(named.state().waiting()).isEqualTo("timer");
            FlowEngine.Turn turn = FlowEngine.answer(flow, named.state(), "Talk to a person", FlowEngine.HUMAN_PAYLOAD, CONTEXT);
            assertThat(said(turn)).isEmpty();
            FlowEngine.HandOff handOff = handOff(turn);
            assertThat(handOff.reason()).isEqualTo("visitor_asked");
            assertThat(handOff.answers()).containsExactly(Map.entry("name", "Lena"));
        }

        @Test
        void typingHumanOrAPersonHandsOffAtAQuestionInsteadOfBeingTakenAsTheAnswer() {
            for (String words : List.of("human", "  Human ", "AGENT", "talk to a person")) {
                FlowEngine.Turn turn = answer(flow, FlowEngine.start(flow, CONTEXT), words);
                assertThat(handOff(turn).reason()).as(words).isEqualTo("visitor_asked");
                assertThat(turn.actions()).as(words).noneMatch(a -> a instanceof FlowEngine.SetAttribute);
            }
            assertThat(answer(flow, FlowEngine.start(flow, CONTEXT), "Human Smith").outcome())
                    .as("a name that contains the word").isEqualTo(FlowEngine.Outcome.WAITING);
        }

        @Test
        void aChoiceLabelledAgentIsAnAnswerNotARequestForAPerson() {
            FlowDefinition roles = steps("""
                    {"id": "role", "type": "ask", "text": "You are?", "input": "choice", "variable": "role",
                     "choices": [{"label": "Agent", "value": "agent"}, {"label": "Client", "value": "client"}]},
                    {"id": "bye", "type": "resolve"}""");
            FlowEngine.Turn turn = FlowEngine.answer(roles, FlowEngine.start(roles, CONTEXT).state(), "agent", null, CONTEXT);
            assertThat(turn.actions()).contains(new FlowEngine.SetAttribute("contact", "role", "agent"));
            assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.RESOLVED);
            FlowEngine.Turn asked = FlowEngine.answer(roles, FlowEngine.start(roles, CONTEXT).state(), "human", null, CONTEXT);
            assertThat(handOff(asked).reason()).as("a word that is no choice still asks for a person").isEqualTo("visitor_asked");
        }
    }

    @Test
    void aMessageWhileTheFlowWaitsChangesNothing() {
        FlowDefinition flow = steps("""
                {"id": "pause", "type": "wait", "seconds": 60}, {"id": "after", "type": "say", "text": "Back"}""");
        FlowEngine.Turn waiting = FlowEngine.start(flow, CONTEXT);
        FlowEngine.Turn turn = FlowEngine.answer(flow, waiting.state(), "hello?", null, context(NOW.plusSeconds(10)));
        assertThat(turn).as("no turn: the run, its timer included, stays as it is").isNull();
        assertThat(FlowEngine.wake(flow, waiting.state(), context(NOW.plusSeconds(60))).actions().get(0))
                .as("the wait goes on to its next step").isEqualTo(new FlowEngine.Say(1, "Back", null));
    }

    @Test
    void aSetStepSetsAContactOrAConversationAttribute() {
        FlowDefinition flow = steps("""
                {"id": "tier", "type": "set", "target": "contact", "name": "tier", "value": "gold"},
                {"id": "src", "type": "set", "target": "conversation", "name": "source", "value": "spring-sale"},
                {"id": "done", "type": "resolve"}""");
        assertThat(FlowEngine.start(flow, CONTEXT).actions()).containsExactly(
                new FlowEngine.SetAttribute("contact", "tier", "gold"),
                new FlowEngine.SetAttribute("conversation", "source", "spring-sale"),
                new FlowEngine.Resolve());
    }

    @Nested
    class Branches {
        static final BusinessHours PARIS_WEEKDAYS = new BusinessHours("Europe/Paris", Map.of(
                "mon", List.of(List.of("09:00", "18:00")), "tue", List.of(List.of("09:00", "18:00")),
                "wed", List.of(List.of("09:00", "18:00")), "thu", List.of(List.of("09:00", "18:00")),
                "fri", List.of(List.of("09:00", "18:00"))));

        /** Answers {@code answer} to a question "v", then branches on {@code when}: "yes" if it holds, else "no". */
        private String route(String when, String answer, FlowEngine.Context context) {
            FlowDefinition flow = steps("""
                    {"id": "v", "type": "ask", "text": "?", "variable": "v"},
                    {"id": "route", "type": "branch", "branches": [{"when": %s, "next": "yes"}], "default": "no"},
                    {"id": "yes", "type": "resolve", "text": "yes"},
                    {"id": "no", "type": "resolve", "text": "no"}""".formatted(when));
            FlowEngine.Turn turn = FlowEngine.answer(flow, FlowEngine.start(flow, context).state(), answer, null, context);
            return said(turn).get(0);
        }

        private String route(String when, String answer) {
            return route(when, answer, CONTEXT);
        }

        private static String on(String subject, String name, String op, String value) {
            return "{\"subject\": \"" + subject + "\"" + (name == null ? "" : ", \"name\": \"" + name + "\"")
                    + ", \"op\": \"" + op + "\"" + (value == null ? "" : ", \"value\": \"" + value + "\"") + "}";
        }

        @Test
        void onAnAnswerEqualsIgnoringCaseContainsMatchesAndExists() {
            assertThat(route(on("answer", "v", "equals", "bold"), "BOLD")).isEqualTo("yes");
            assertThat(route(on("answer", "v", "equals", "bold"), "bolder")).isEqualTo("no");
            assertThat(route(on("answer", "v", "contains", "OLD"), "so bold")).isEqualTo("yes");
            assertThat(route(on("answer", "v", "contains", "new"), "so bold")).isEqualTo("no");
            assertThat(route(on("answer", "v", "matches", "*@example.com"), "lena@EXAMPLE.com")).isEqualTo("yes");
            assertThat(route(on("answer", "v", "matches", "*@example.com"), "lena@example.com.evil")).isEqualTo("no");
            assertThat(route(on("answer", "v", "exists", null), "anything")).isEqualTo("yes");
            assertThat(route(on("answer", "other", "exists", null), "anything")).isEqualTo("no");
        }

        @Test
        void greaterAndLessCompareNumbersNotText() {
            assertThat(route(on("answer", "v", "gt", "9"), "10")).as("10 > 9, though \"10\" < \"9\"").isEqualTo("yes");
            assertThat(route(on("answer", "v", "gt", "10"), "10")).isEqualTo("no");
            assertThat(route(on("answer", "v", "lt", "4"), "3,5")).isEqualTo("yes");
            assertThat(route(on("answer", "v", "lt", "4"), "12")).isEqualTo("no");
            assertThat(route(on("answer", "v", "gt", "1"), "lots")).as("not a number").isEqualTo("no");
        }

        @Test
        void onAnAttributeOfTheContactThenOfTheRunsAnswers() {
            FlowEngine.Context pro = new FlowEngine.Context(NOW, null, null, null, Map.of("plan", "pro", "orders", 12), null);
            assertThat(route(on("attribute", "plan", "equals", "PRO"), "x", pro)).isEqualTo("yes");
            assertThat(route(on("attribute", "orders", "gt", "10"), "x", pro)).as("a number attribute").isEqualTo("yes");
            assertThat(route(on("attribute", "plan", "equals", "pro"), "x")).as("no such attribute").isEqualTo("no");
            assertThat(route(on("attribute", "v", "equals", "typed"), "typed", pro)).as("an answer of this run").isEqualTo("yes");
        }

        @Test
        void onBusinessHoursInTheWorkspacesTimeZone() {
            FlowEngine.Context monday = new FlowEngine.Context(NOW, null, null, null, Map.of(), PARIS_WEEKDAYS);
            FlowEngine.Context saturday = new FlowEngine.Context(Instant.parse("2026-03-28T10:00:00Z"), null, null, null,
                    Map.of(), PARIS_WEEKDAYS);
            FlowEngine.Context evening = new FlowEngine.Context(Instant.parse("2026-03-30T16:00:00Z"), null, null, null,
                    Map.of(), PARIS_WEEKDAYS); // 18:00 in Paris: the end is excluded
            assertThat(route(on("business_hours", null, "is_open", null), "x", monday)).isEqualTo("yes");
            assertThat(route(on("business_hours", null, "is_closed", null), "x", monday)).isEqualTo("no");
            assertThat(route(on("business_hours", null, "is_open", null), "x", saturday)).isEqualTo("no");
            assertThat(route(on("business_hours", null, "is_closed", null), "x", saturday)).isEqualTo("yes");
            assertThat(route(on("business_hours", null, "is_closed", null), "x", evening)).isEqualTo("yes");
            assertThat(route(on("business_hours", null, "is_open", null), "x"))
                    .as("no business hours: always open").isEqualTo("yes");
        }

        @Test
        void onThePageTheRefAndTheLanguage() {
            FlowEngine.Context visitor = new FlowEngine.Context(NOW, "https://shop.example/checkout?step=2", "Spring",
                    "fr", Map.of(), null);
            assertThat(route(on("page_url", null, "matches", "*/checkout*"), "x", visitor)).isEqualTo("yes");
            assertThat(route(on("page_url", null, "matches", "*/cart*"), "x", visitor)).isEqualTo("no");
            assertThat(route(on("page_url", null, "matches", "*"), "x")).as("no page known").isEqualTo("no");
            assertThat(route(on("ref", null, "equals", "spring"), "x", visitor)).isEqualTo("yes");
            assertThat(route(on("ref", null, "exists", null), "x")).isEqualTo("no");
            assertThat(route(on("language", null, "equals", "fr"), "x", visitor)).isEqualTo("yes");
            assertThat(route(on("language", null, "equals", "de"), "x", visitor)).isEqualTo("no");
        }

        @Test
        void theFirstBranchThatHoldsWinsAndNoneFallsToTheDefault() {
            FlowDefinition flow = steps("""
                    {"id": "route", "type": "branch", "branches": [
                       {"when": {"subject": "ref", "op": "equals", "value": "a"}, "next": "first"},
                       {"when": {"subject": "ref", "op": "exists"}, "next": "second"},
                       {"when": {"subject": "ref", "op": "contains", "value": "a"}, "next": "third"}],
                     "default": "fallback"},
                    {"id": "first", "type": "resolve", "text": "first"},
                    {"id": "second", "type": "resolve", "text": "second"},
                    {"id": "third", "type": "resolve", "text": "third"},
                    {"id": "fallback", "type": "resolve", "text": "fallback"}""");
            assertThat(said(FlowEngine.start(flow, new FlowEngine.Context(NOW, null, "a", null, Map.of(), null))))
                    .containsExactly("first");
            assertThat(said(FlowEngine.start(flow, new FlowEngine.Context(NOW, null, "abc", null, Map.of(), null))))
                    .containsExactly("second");
            assertThat(said(FlowEngine.start(flow, CONTEXT))).containsExactly("fallback");
        }
    }

    @Nested
    class Timers {
        private final FlowDefinition flow = steps("""
                {"id": "hi", "type": "say", "text": "One moment..."},
                {"id": "pause", "type": "wait", "seconds": 60},
                {"id": "back", "type": "say", "text": "Thanks for waiting."},
                """ + EMAIL_ASK);

        @Test
        void aWaitPausesUntilNowPlusItsSecondsThenWakingGoesOn() {
            FlowEngine.Turn waiting = FlowEngine.start(flow, CONTEXT);
            assertThat(said(waiting)).containsExactly("One moment...");
            assertThat(waiting.outcome()).isEqualTo(FlowEngine.Outcome.WAITING);
            assertThat(waiting.state().step()).isEqualTo("pause");
            assertThat(waiting.state().waiting()).isEqualTo("timer");
            assertThat(waiting.wakeAt()).isEqualTo(NOW.plusSeconds(60));

            Instant later = NOW.plusSeconds(61);
            FlowEngine.Turn woken = FlowEngine.wake(flow, waiting.state(), context(later));
            assertThat(said(woken)).containsExactly("Thanks for waiting.", "Your email?");
            assertThat(woken.state().waiting()).isEqualTo("answer");
            assertThat(woken.wakeAt()).as("the question's timeout counts from when it is asked").isEqualTo(later.plusSeconds(120));
        }

        @Test
        void anUnansweredQuestionTimesOutIntoAHandOffWithTheAnswersSoFar() {
            FlowDefinition two = steps("""
                    {"id": "name", "type": "ask", "text": "Your name?", "variable": "name"},
                    """ + EMAIL_ASK);
            FlowEngine.Turn asked = FlowEngine.start(two, CONTEXT);
            assertThat(asked.wakeAt()).isEqualTo(NOW.plusSeconds(120));
            FlowEngine.Turn second = answer(two, asked, "Lena");
            FlowEngine.Turn timedOut = FlowEngine.wake(two, second.state(), context(NOW.plusSeconds(500)));
            assertThat(said(timedOut)).isEmpty();
            FlowEngine.HandOff handOff = handOff(timedOut);
            assertThat(handOff.reason()).isEqualTo("timeout");
            assertThat(handOff.answers()).containsExactly(Map.entry("name", "Lena"));
        }
    }

    @Test
    void anAssignStepAssignsAndTheFlowGoesOn() {
        FlowDefinition flow = steps("""
                {"id": "to", "type": "assign", "agent_id": "agent-7"},
                {"id": "bye", "type": "say", "text": "Ana will help you."}""");
        FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);
        assertThat(turn.actions().get(0)).isEqualTo(new FlowEngine.Assign("agent-7"));
        assertThat(said(turn)).containsExactly("Ana will help you.");
    }

    @Test
    void aHandoffSaysItsTextThenHandsOffWithTheAnswersCollected() {
        FlowDefinition flow = steps("""
                {"id": "name", "type": "ask", "text": "Your name?", "variable": "name"},
                """ + EMAIL_ASK + """
                , {"id": "handoff", "type": "handoff", "text": "A stylist is coming."}""");
        FlowEngine.Turn turn = answer(flow, answer(flow, FlowEngine.start(flow, CONTEXT), "Lena"), "lena@example.com");
        assertThat(said(turn)).containsExactly("A stylist is coming.");
        FlowEngine.HandOff handOff = handOff(turn);
        assertThat(handOff.reason()).isEqualTo("handoff");
        assertThat(handOff.answers()).containsExactly(Map.entry("name", "Lena"), Map.entry("email", "lena@example.com"));
        assertThat(turn.actions()).last().isInstanceOf(FlowEngine.HandOff.class);
    }

    @Test
    void aResolveSaysItsTextAndResolvesWithoutAHuman() {
        FlowDefinition flow = steps("""
                {"id": "faq", "type": "say", "text": "Shipping takes 2 days."},
                {"id": "done", "type": "resolve", "text": "Glad I could help!"}""");
        FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);
        assertThat(said(turn)).containsExactly("Shipping takes 2 days.", "Glad I could help!");
        assertThat(turn.actions()).last().isEqualTo(new FlowEngine.Resolve());
        assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.RESOLVED);
        assertThat(turn.wakeAt()).isNull();
        assertThat(turn.actions()).noneMatch(a -> a instanceof FlowEngine.HandOff);
    }

    @Test
    void theEndOfTheStepsHandsOffAsFlowEnded() {
        FlowDefinition flow = steps("""
                {"id": "a", "type": "say", "text": "Hi"}, {"id": "b", "type": "say", "text": "That's all I know."}""");
        FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);
        assertThat(said(turn)).containsExactly("Hi", "That's all I know.");
        assertThat(handOff(turn).reason()).isEqualTo("flow_ended");
    }

    @Test
    void aLoopWithoutAQuestionStopsAfterTheStepLimitAsFlowEnded() {
        FlowDefinition flow = steps("""
                {"id": "again", "type": "say", "text": "Still here"},
                {"id": "loop", "type": "branch", "branches": [], "default": "again"}""");
        FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);
        assertThat(said(turn)).as("say and branch alternate for the %d steps of a turn", FlowEngine.MAX_STEPS_PER_TURN)
                .hasSize(FlowEngine.MAX_STEPS_PER_TURN / 2);
        assertThat(handOff(turn).reason()).isEqualTo("flow_ended");

        FlowDefinition silent = steps("""
                {"id": "a", "type": "branch", "branches": [], "default": "b"},
                {"id": "b", "type": "branch", "branches": [], "default": "a"}""");
        assertThat(handOff(FlowEngine.start(silent, CONTEXT)).reason()).isEqualTo("flow_ended");
    }

    @Nested
    class MessageNumbers {
        private final FlowDefinition flow = steps("""
                {"id": "hi", "type": "say", "text": "Hi"},
                {"id": "pause", "type": "wait", "seconds": 5},
                """ + EMAIL_ASK + """
                , {"id": "handoff", "type": "handoff", "text": "Bye"}""");

        private List<Integer> numbers(FlowEngine.Turn turn) {
            List<Integer> numbers = new ArrayList<>();
            for (FlowEngine.Action action : turn.actions()) {
                if (action instanceof FlowEngine.Say say) {
                    numbers.add(say.number());
                } else if (action instanceof FlowEngine.HandOff handOff) {
                    numbers.add(handOff.number());
                }
            }
            return numbers;
        }

        @Test
        void strictlyIncreaseOverAWholeRunIncludingReasksAndTheHandOffsNote() {
            List<Integer> all = new ArrayList<>();
            FlowEngine.Turn turn = FlowEngine.start(flow, CONTEXT);
            all.addAll(numbers(turn));
            turn = FlowEngine.wake(flow, turn.state(), CONTEXT);
            all.addAll(numbers(turn));
            turn = answer(flow, turn, "not an email");
            all.addAll(numbers(turn));
            turn = FlowEngine.resume(flow, turn.state(), CONTEXT);
            all.addAll(numbers(turn));
            turn = answer(flow, turn, "lena@example.com");
            all.addAll(numbers(turn));
            assertThat(turn.outcome()).isEqualTo(FlowEngine.Outcome.HANDED_OFF);
            // hi, question, re-ask, question, question again (resumed), bye, the summary note
            assertThat(all).containsExactly(1, 2, 3, 4, 5, 6, 7);
        }

        @Test
        void repeatingATurnFromTheSameStateRepeatsTheSameMessagesAndNumbers() {
            FlowEngine.Turn asked = FlowEngine.wake(flow, FlowEngine.start(flow, CONTEXT).state(), CONTEXT);
            FlowEngine.Turn once = answer(flow, asked, "nope");
            FlowEngine.Turn twice = answer(flow, asked, "nope");
            assertThat(twice.actions()).isEqualTo(once.actions());
            assertThat(twice.state()).isEqualTo(once.state());
            assertThat(FlowEngine.start(flow, CONTEXT).actions()).isEqualTo(FlowEngine.start(flow, CONTEXT).actions());
        }

        @Test
        void survivingTheStoredFormOfTheState() {
            FlowEngine.Turn asked = answer(flow, FlowEngine.wake(flow, FlowEngine.start(flow, CONTEXT).state(), CONTEXT), "nope");
            FlowEngine.State stored = Json.parse(Json.write(asked.state()), FlowEngine.State.class);
            assertThat(stored).isEqualTo(asked.state());
            assertThat(answer(flow, asked, "x").actions())
                    .isEqualTo(FlowEngine.answer(flow, stored, "x", null, CONTEXT).actions());
        }
    }

    @Test
    void resumingReasksTheQuestionTheFlowWasAt() {
        FlowDefinition flow = steps("""
                {"id": "hi", "type": "say", "text": "Hi"},
                """ + EMAIL_ASK);
        FlowEngine.Turn asked = FlowEngine.start(flow, CONTEXT);
        FlowEngine.Turn resumed = FlowEngine.resume(flow, asked.state(), context(NOW.plusSeconds(300)));
        assertThat(said(resumed)).as("the greeting is not repeated").containsExactly("Your email?");
        assertThat(((FlowEngine.Say) resumed.actions().get(0)).number()).isEqualTo(3);
        assertThat(resumed.state().waiting()).isEqualTo("answer");
        assertThat(resumed.wakeAt()).isEqualTo(NOW.plusSeconds(300 + 120));
        assertThat(said(answer(flow, resumed, "lena@example.com"))).isEmpty();

        assertThat(said(FlowEngine.resume(flow, FlowEngine.State.fresh(), CONTEXT)))
                .as("a run that never started starts").containsExactly("Hi", "Your email?");
    }
}
