package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.bot.FlowEngineTest.NOW;
import static org.parley.bot.FlowEngineTest.handOff;
import static org.parley.bot.FlowEngineTest.said;
import static org.parley.bot.FlowEngineTest.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.http.Json;

/** The answer step in the pure engine and the parser (docs/kb.md): question, cards, "did this help?", its endings. */
class AnswerStepTest {
    static final AnswerStep.Article SILK = new AnswerStep.Article("a1", "Caring for silk", "Hand wash " + "x".repeat(300),
            "https://parley.example/kb/w/a1");
    static final AnswerStep.Article RETURNS = new AnswerStep.Article("a2", "Returns", "", "https://parley.example/kb/w/a2");
    static final FlowDefinition FLOW = steps("""
            {"id": "kb", "type": "answer", "text": "What can I help you with?", "max_articles": 2}""");

    /** A search that remembers what it was asked and finds {@code found}. */
    record Search(List<String> asked, List<AnswerStep.Article> found) implements AnswerStep.Articles {
        Search(List<AnswerStep.Article> found) {
            this(new ArrayList<>(), found);
        }

        @Override
        public List<AnswerStep.Article> find(String question, int max) {
            asked.add(question + "|" + max);
            return found.subList(0, Math.min(max, found.size()));
        }
    }

    static FlowEngine.Context with(AnswerStep.Articles articles) {
        return new FlowEngine.Context(NOW, null, null, null, Map.of(), null, articles);
    }

    @Test
    void asksThenOffersCardsThenYesResolvesAsAnswered() {
        Search search = new Search(List.of(SILK, RETURNS, SILK));
        FlowEngine.Turn start = FlowEngine.start(FLOW, with(search));
        assertThat(said(start)).containsExactly("What can I help you with?");
        assertThat(start.state().waiting()).isEqualTo(AnswerStep.QUESTION);
        assertThat(start.wakeAt()).isEqualTo(NOW.plusSeconds(120));

        FlowEngine.Turn offered = FlowEngine.answer(FLOW, start.state(), "  silk washing? ", null, with(search));
        assertThat(search.asked()).containsExactly("silk washing?|2");
        assertThat(said(offered)).containsExactly("These articles may help:", "Did this help?");
        FlowEngine.Say cards = (FlowEngine.Say) offered.actions().get(0);
        assertThat(cards.content().get("cards")).hasSize(2);
        assertThat(cards.content().at("/cards/0/title").asText()).isEqualTo("Caring for silk");
        assertThat(cards.content().at("/cards/0/subtitle").asText()).hasSize(200).endsWith("…");
        assertThat(cards.content().at("/cards/0/buttons/0").toString())
                .isEqualTo("{\"label\":\"Read\",\"url\":\"https://parley.example/kb/w/a1\"}");
        assertThat(cards.content().at("/cards/1").has("subtitle")).as("no empty subtitle").isFalse();
        assertThat(((FlowEngine.Say) offered.actions().get(1)).content().toString())
                .isEqualTo("{\"quick_replies\":[{\"label\":\"Yes\",\"payload\":\"kb.yes\"},{\"label\":\"No\",\"payload\":\"kb.no\"}]}");
        assertThat(offered.state().waiting()).isEqualTo(AnswerStep.HELPED);
        assertThat(offered.state().answers()).containsEntry("kb_question", "silk washing?")
                .containsEntry("kb_articles", "Caring for silk; Returns");

        FlowEngine.Turn yes = FlowEngine.answer(FLOW, offered.state(), "Yes", "kb.yes", with(search));
        assertThat(yes.outcome()).isEqualTo(FlowEngine.Outcome.RESOLVED);
        assertThat(yes.actions()).containsExactly(new FlowEngine.Resolve("kb_answered"));
        assertThat(FlowEngine.answer(FLOW, offered.state(), "oui!", null, with(search)).outcome())
                .as("a typed yes, in French").isEqualTo(FlowEngine.Outcome.RESOLVED);
    }

    @Test
    void noAndNoMatchHandOffWithTheirReasonsAndTheQuestion() {
        Search search = new Search(List.of(SILK));
        FlowEngine.Turn start = FlowEngine.start(FLOW, with(search));
        FlowEngine.Turn offered = FlowEngine.answer(FLOW, start.state(), "silk", null, with(search));
        assertThat(said(offered).get(0)).isEqualTo("This article may help:");
        FlowEngine.Turn no = FlowEngine.answer(FLOW, offered.state(), "No", "kb.no", with(search));
        assertThat(said(no)).containsExactly(AnswerStep.DEFAULT_NOT_HELPFUL);
        FlowEngine.HandOff notHelpful = handOff(no);
        assertThat(notHelpful.reason()).isEqualTo("kb_not_helpful");
        assertThat(notHelpful.answers()).containsEntry("kb_question", "silk").containsEntry("kb_articles", "Caring for silk");

        FlowEngine.Turn none = FlowEngine.answer(FLOW, start.state(), "quantum", null, with(new Search(List.of())));
        assertThat(said(none)).containsExactly(AnswerStep.DEFAULT_NO_MATCH);
        assertThat(handOff(none).reason()).isEqualTo("kb_no_match");
        assertThat(handOff(none).answers()).containsEntry("kb_question", "quantum").doesNotContainKey("kb_articles");
        assertThat(handOff(FlowEngine.answer(FLOW, start.state(), "quantum", null, FlowEngineTest.CONTEXT)).reason())
                .as("no search at all finds nothing").isEqualTo("kb_no_match");
    }

    @Test
    void anUnclearAnswerAsksAgainThreeTimesThenHandsOffAndAPersonCanBeAskedFor() {
        Search search = new Search(List.of(SILK));
        FlowEngine.Turn turn = FlowEngine.answer(FLOW, FlowEngine.start(FLOW, with(search)).state(), "silk", null, with(search));
        for (int i = 0; i < FlowEngine.MAX_REASKS; i++) {
            turn = FlowEngine.answer(FLOW, turn.state(), "maybe", null, with(search));
            assertThat(said(turn)).containsExactly("Did this help?");
        }
        assertThat(handOff(FlowEngine.answer(FLOW, turn.state(), "maybe", null, with(search))).reason()).isEqualTo("not_understood");
        FlowEngine.Turn start = FlowEngine.start(FLOW, with(search));
        assertThat(handOff(FlowEngine.answer(FLOW, start.state(), "agent", null, with(search))).reason()).isEqualTo("visitor_asked");
        assertThat(FlowEngine.answer(FLOW, start.state(), "   ", null, with(search))).as("an empty question").isNull();
    }

    @Test
    void yesGoesToNextWhenTheStepNamesOne() {
        FlowDefinition flow = steps("""
                {"id": "kb", "type": "answer", "text": "Ask away", "helped": "Better?", "next": "bye"},
                {"id": "bye", "type": "resolve", "text": "Glad to help!"}""");
        Search search = new Search(List.of(SILK));
        FlowEngine.Turn offered = FlowEngine.answer(flow, FlowEngine.start(flow, with(search)).state(), "silk", null, with(search));
        assertThat(said(offered)).endsWith("Better?");
        FlowEngine.Turn yes = FlowEngine.answer(flow, offered.state(), "Yes", "kb.yes", with(search));
        assertThat(said(yes)).containsExactly("Glad to help!");
        assertThat(yes.actions()).endsWith(new FlowEngine.Resolve("resolved"));
        assertThat(search.asked()).containsExactly("silk|3");
    }

    @Test
    void theParserChecksTheStepAndAnAnswerStepEndsItsBranchOfTheFlow() {
        FlowParser.Result bad = FlowParser.parse(Json.tree("""
                {"trigger": {"type": "conversation_started"}, "steps": [
                  {"id": "kb", "type": "answer", "max_articles": 6, "helped": 3, "colour": "red"}]}"""));
        assertThat(bad.problems()).extracting(FlowParser.Problem::field).contains("text", "max_articles", "colour");
        // Without a next, Yes resolves: the step after it is unreachable unless something else goes there.
        FlowParser.Result unreachable = FlowParser.parse(Json.tree("""
                {"trigger": {"type": "conversation_started"}, "steps": [
                  {"id": "kb", "type": "answer", "text": "Ask"}, {"id": "after", "type": "say", "text": "?"}]}"""));
        assertThat(unreachable.problems()).extracting(FlowParser.Problem::step).containsExactly("after");
    }
}
