package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.workspace.BusinessHours;

/**
 * Runs a flow definition against scripted answers, with no conversation: the transcript, the attributes it
 * would set and where it stopped (docs/bots.md, {@code POST /api/v1/flows/simulate}). Waits pass at once.
 * The live runner and this share {@link FlowEngine}, so what the editor's preview shows is what visitors get.
 */
final class FlowSimulator {
    static final int MAX_ANSWERS = 100;

    record Answer(String text, String payload) {
    }

    record Line(String from, String text, JsonNode content) {
    }

    record Result(List<Line> transcript, Map<String, Map<String, String>> attributes, String outcome, String step,
                  String reason) {
    }

    private FlowSimulator() {
    }

    static Result run(FlowDefinition flow, List<Answer> answers, String pageUrl, String ref, String language, Instant at,
                      BusinessHours hours) {
        return run(flow, answers, pageUrl, ref, language, at, hours, AnswerStep.Articles.NONE);
    }

    /** With the answer step's search (the workspace's real published articles). */
    static Result run(FlowDefinition flow, List<Answer> answers, String pageUrl, String ref, String language, Instant at,
                      BusinessHours hours, AnswerStep.Articles articles) {
        FlowEngine.Context context = new FlowEngine.Context(at, pageUrl, ref, language, Map.of(), hours, articles);
        List<Line> transcript = new ArrayList<>();
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        attributes.put("contact", new LinkedHashMap<>());
        attributes.put("conversation", new LinkedHashMap<>());
        String[] reason = {null};
        FlowEngine.Turn turn = record(FlowEngine.start(flow, context), transcript, attributes, reason);
        turn = passWaits(flow, turn, context, transcript, attributes, reason);
        for (Answer answer : answers) {
            if (turn.outcome() != FlowEngine.Outcome.WAITING) {
                break;
            }
            transcript.add(new Line("visitor", answer.text(), null));
            FlowEngine.Turn answered = FlowEngine.answer(flow, turn.state(), answer.text(), answer.payload(), context);
            if (answered == null) {
                continue;
            }
            turn = record(answered, transcript, attributes, reason);
            turn = passWaits(flow, turn, context, transcript, attributes, reason);
        }
        String outcome = switch (turn.outcome()) {
            case WAITING -> "waiting";
            case HANDED_OFF -> "handed_off";
            case RESOLVED -> "resolved";
        };
        return new Result(transcript, attributes, outcome, turn.state().step(), reason[0]);
    }

    private static FlowEngine.Turn passWaits(FlowDefinition flow, FlowEngine.Turn turn, FlowEngine.Context context,
                                             List<Line> transcript, Map<String, Map<String, String>> attributes,
                                             String[] reason) {
        FlowEngine.Turn current = turn;
        for (int i = 0; i < FlowEngine.MAX_STEPS_PER_TURN && current.outcome() == FlowEngine.Outcome.WAITING
                && "timer".equals(current.state().waiting()); i++) {
            current = record(FlowEngine.wake(flow, current.state(), context), transcript, attributes, reason);
        }
        return current;
    }

    private static FlowEngine.Turn record(FlowEngine.Turn turn, List<Line> transcript,
                                          Map<String, Map<String, String>> attributes, String[] reason) {
        for (FlowEngine.Action action : turn.actions()) {
            switch (action) {
                case FlowEngine.Say say -> transcript.add(new Line("bot", say.text(), say.content()));
                case FlowEngine.SetAttribute set -> attributes.get(set.target()).put(set.name(), set.value());
                case FlowEngine.HandOff handOff -> reason[0] = handOff.reason();
                case FlowEngine.Resolve resolve -> reason[0] = resolve.reason();
                case FlowEngine.Assign ignored -> {
                }
            }
        }
        return turn;
    }
}
