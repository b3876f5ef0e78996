package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.contact.ContactService;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.workspace.BusinessHours;

/**
 * Runs a flow, purely: from a run's state and what happened (the start, a visitor's answer, a timer, the thread
 * given back), the actions to take and the next state. No clock, database or message is touched here, so the
 * simulator, the tests and the live runner share one behaviour.
 */
final class FlowEngine {
    /** Steps one turn may take before it stops (a branch loop without a question would spin forever). */
    static final int MAX_STEPS_PER_TURN = 50;
    static final int MAX_REASKS = 3;
    static final String HUMAN_PAYLOAD = "parley:human";
    private static final Set<String> HUMAN_WORDS = Set.of("human", "agent", "person", "a person", "talk to a person",
            "operator", "humain", "conseiller", "une personne", "mensch", "mitarbeiter");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().\\-/]{6,30}");
    private static final String DEFAULT_REASK = "Sorry, I didn't get that.";

    /** Where a run is: the step, whether it waits for an answer or a timer, and what it collected. */
    record State(String step, String waiting, int reasks, Map<String, String> answers, int said) {
        static State fresh() {
            return new State(null, null, 0, new LinkedHashMap<>(), 0);
        }
    }

    /** What the page and the workspace look like now, for triggers and branches. */
    record Context(Instant now, String pageUrl, String ref, String language, Map<String, Object> attributes,
                   BusinessHours hours, AnswerStep.Articles articles) {
        Context(Instant now, String pageUrl, String ref, String language, Map<String, Object> attributes,
                BusinessHours hours) {
            this(now, pageUrl, ref, language, attributes, hours, AnswerStep.Articles.NONE);
        }

        boolean open() {
            return hours == null || hours.isOpen(now);
        }
    }

    sealed interface Action {
    }

    /** A message from the bot; {@code number} makes its client_msg_id, so a repeated turn repeats no message. */
    record Say(int number, String text, JsonNode content) implements Action {
    }

    record SetAttribute(String target, String name, String value) implements Action {
    }

    record Assign(String agentId) implements Action {
    }

    /**
     * Hands the thread to the humans, or to the bot app {@code appId} (a handoff step naming one); {@code number} makes
     * the summary note's client_msg_id.
     */
    record HandOff(String reason, Map<String, String> answers, int number, String appId) implements Action {
        HandOff(String reason, Map<String, String> answers, int number) {
            this(reason, answers, number, null);
        }
    }

    /** Resolves the conversation; {@code reason} is the run's ("resolved", or "kb_answered" by an answer step). */
    record Resolve(String reason) implements Action {
        Resolve() {
            this("resolved");
        }
    }

    enum Outcome { WAITING, HANDED_OFF, RESOLVED }

    /** One turn's result; {@code wakeAt} is set when the run waits for a timer or for an answer that may time out. */
    record Turn(List<Action> actions, State state, Outcome outcome, Instant wakeAt) {
    }

    private final FlowDefinition flow;
    private final Context context;
    private final List<Action> actions = new ArrayList<>();
    private State state;

    private FlowEngine(FlowDefinition flow, State state, Context context) {
        this.flow = flow;
        this.state = state;
        this.context = context;
    }

    static Turn start(FlowDefinition flow, Context context) {
        FlowEngine engine = new FlowEngine(flow, State.fresh(), context);
        return engine.runFrom(flow.steps().get(0).id());
    }

    /**
     * A visitor's message: an answer to the question asked, or a request for a person; null when the run waits for
     * no answer (a wait step), so nothing changes.
     */
    static Turn answer(FlowDefinition flow, State state, String text, String payload, Context context) {
        FlowEngine engine = new FlowEngine(flow, state, context);
        boolean asking = "answer".equals(state.waiting());
        FlowDefinition.Ask ask = asking ? (FlowDefinition.Ask) flow.step(state.step()) : null;
        String value = asking ? accepted(ask, text, payload) : null;
        // "Agent" asks for a person, unless it is one of the question's choices (a choice labelled "Agent").
        boolean isChoice = value != null && ask.input().equals("choice");
        if (HUMAN_PAYLOAD.equals(payload) || (!isChoice && payload == null && text != null
                && HUMAN_WORDS.contains(text.strip().toLowerCase(Locale.ROOT)))) {
            return engine.handOff("visitor_asked");
        }
        if (state.waiting() != null && state.waiting().startsWith("kb_")) {
            return engine.answerStep((FlowDefinition.Answer) flow.step(state.step()), text, payload);
        }
        if (!asking) {
            return null; // a message while the bot talks or waits: nothing to do, the run stays as it was
        }
        if (value == null) {
            if (state.reasks() >= MAX_REASKS) {
                return engine.handOff("not_understood");
            }
            engine.state = new State(state.step(), null, state.reasks() + 1, state.answers(), state.said());
            engine.say(ask.reask() == null ? DEFAULT_REASK : ask.reask(), null);
            return engine.ask(ask);
        }
        Map<String, String> answers = new LinkedHashMap<>(state.answers());
        answers.put(ask.variable(), value);
        engine.state = new State(state.step(), null, 0, answers, state.said());
        engine.actions.add(new SetAttribute(ask.saveTo(), ask.variable(), value));
        return engine.runFrom(flow.following(ask));
    }

    /** The run's timer: a wait ends, or a question went unanswered for the flow's timeout. */
    static Turn wake(FlowDefinition flow, State state, Context context) {
        FlowEngine engine = new FlowEngine(flow, state, context);
        if ("timer".equals(state.waiting())) {
            FlowDefinition.Step wait = flow.step(state.step());
            engine.state = new State(state.step(), null, 0, state.answers(), state.said());
            return engine.runFrom(flow.following(wait));
        }
        return engine.handOff("timeout");
    }

    /** The thread given back by the humans: the question it was at is asked again, or the flow goes on. */
    static Turn resume(FlowDefinition flow, State state, Context context) {
        FlowEngine engine = new FlowEngine(flow, state, context);
        if (state.step() == null) {
            return engine.runFrom(flow.steps().get(0).id());
        }
        FlowDefinition.Step step = flow.step(state.step());
        return step instanceof FlowDefinition.Ask ask ? engine.ask(ask) : engine.runFrom(step.id());
    }

    private Turn runFrom(String stepId) {
        String id = stepId;
        for (int taken = 0; taken < MAX_STEPS_PER_TURN; taken++) {
            if (id == null) {
                return handOff("flow_ended");
            }
            FlowDefinition.Step step = flow.step(id);
            state = new State(id, null, 0, state.answers(), state.said());
            switch (step) {
                case FlowDefinition.Say say -> {
                    say(say.text(), say.content());
                    id = flow.following(say);
                }
                case FlowDefinition.Ask ask -> {
                    return ask(ask);
                }
                case FlowDefinition.SetAttribute set -> {
                    actions.add(new SetAttribute(set.target(), set.name(), set.value()));
                    id = flow.following(set);
                }
                case FlowDefinition.Branch branch -> id = choose(branch);
                case FlowDefinition.Wait wait -> {
                    state = new State(id, "timer", 0, state.answers(), state.said());
                    return new Turn(List.copyOf(actions), state, Outcome.WAITING, context.now().plusSeconds(wait.seconds()));
                }
                case FlowDefinition.Assign assign -> {
                    actions.add(new Assign(assign.agentId()));
                    id = flow.following(assign);
                }
                case FlowDefinition.Handoff handoff -> {
                    if (handoff.text() != null) {
                        say(handoff.text(), null);
                    }
                    return handOff("handoff", handoff.appId());
                }
                case FlowDefinition.Answer answer -> {
                    say(answer.text(), null);
                    state = new State(id, AnswerStep.QUESTION, 0, state.answers(), state.said());
                    return waiting(context.now().plusSeconds(flow.timeoutSeconds()));
                }
                case FlowDefinition.Resolve resolve -> {
                    if (resolve.text() != null) {
                        say(resolve.text(), null);
                    }
                    actions.add(new Resolve());
                    return new Turn(List.copyOf(actions), state, Outcome.RESOLVED, null);
                }
            }
        }
        return handOff("flow_ended");
    }

    private Turn ask(FlowDefinition.Ask ask) {
        say(ask.text(), askContent(ask));
        state = new State(ask.id(), "answer", state.reasks(), state.answers(), state.said());
        return waiting(context.now().plusSeconds(flow.timeoutSeconds()));
    }

    /**
     * The answer step (docs/kb.md): the visitor's question gets the best articles as cards and "did this help?";
     * yes resolves (contained) or goes to the step's {@code next}; no, or no article found, hands off.
     */
    private Turn answerStep(FlowDefinition.Answer step, String text, String payload) {
        Instant timeout = context.now().plusSeconds(flow.timeoutSeconds());
        if (AnswerStep.QUESTION.equals(state.waiting())) {
            String question = text == null ? "" : AnswerStep.cut(text.strip(), 1000);
            if (question.isEmpty()) {
                return null;
            }
            List<AnswerStep.Article> found = context.articles().find(question, step.maxArticles());
            Map<String, String> answers = new LinkedHashMap<>(state.answers());
            answers.put("kb_question", question);
            if (!found.isEmpty()) {
                answers.put("kb_articles", AnswerStep.titles(found));
            }
            state = new State(step.id(), null, 0, answers, state.said());
            if (found.isEmpty()) {
                say(step.noMatch(), null);
                return handOff("kb_no_match");
            }
            say(AnswerStep.text(found), AnswerStep.cards(found));
            say(step.helped(), AnswerStep.yesNo());
            state = new State(step.id(), AnswerStep.HELPED, 0, answers, state.said());
            return waiting(timeout);
        }
        Boolean helped = AnswerStep.helped(text, payload);
        if (helped == null) {
            if (state.reasks() >= MAX_REASKS) {
                return handOff("not_understood");
            }
            state = new State(step.id(), AnswerStep.HELPED, state.reasks() + 1, state.answers(), state.said());
            say(step.helped(), AnswerStep.yesNo());
            return waiting(timeout);
        }
        state = new State(step.id(), null, 0, state.answers(), state.said());
        if (!helped) {
            say(step.notHelpful(), null);
            return handOff("kb_not_helpful");
        }
        if (step.next() != null) {
            return runFrom(step.next());
        }
        actions.add(new Resolve("kb_answered"));
        return new Turn(List.copyOf(actions), state, Outcome.RESOLVED, null);
    }

    private Turn waiting(Instant wakeAt) {
        return new Turn(List.copyOf(actions), state, Outcome.WAITING, wakeAt);
    }

    private Turn handOff(String reason) {
        return handOff(reason, null);
    }

    private Turn handOff(String reason, String appId) {
        int number = state.said() + 1;
        state = new State(state.step(), state.waiting(), state.reasks(), state.answers(), number);
        actions.add(new HandOff(reason, new LinkedHashMap<>(state.answers()), number, appId));
        return new Turn(List.copyOf(actions), state, Outcome.HANDED_OFF, null);
    }

    private void say(String text, JsonNode content) {
        int number = state.said() + 1;
        state = new State(state.step(), state.waiting(), state.reasks(), state.answers(), number);
        actions.add(new Say(number, text, content));
    }

    private static JsonNode askContent(FlowDefinition.Ask ask) {
        ObjectNode content = Json.MAPPER.createObjectNode();
        if (ask.input().equals("choice")) {
            ArrayNode list = content.putArray(ask.display().equals("buttons") ? "buttons" : "quick_replies");
            for (FlowDefinition.Choice choice : ask.choices()) {
                list.addObject().put("label", choice.label()).put("payload", choice.value());
            }
        } else if (!ask.input().equals("text")) {
            content.putObject("input").put("type", ask.input());
        }
        return content.isEmpty() ? null : content;
    }

    /** The stored form of a valid answer, or null when it does not fit the question. */
    static String accepted(FlowDefinition.Ask ask, String text, String payload) {
        String answer = text == null ? "" : text.strip();
        switch (ask.input()) {
            case "choice" -> {
                for (FlowDefinition.Choice choice : ask.choices()) {
                    if (choice.value().equals(payload) || choice.label().equalsIgnoreCase(answer)
                            || choice.value().equalsIgnoreCase(answer)) {
                        return choice.value();
                    }
                }
                return null;
            }
            case "email" -> {
                try {
                    return ContactService.normalizeEmail(answer);
                } catch (ApiError e) {
                    return null;
                }
            }
            case "phone" -> {
                long digits = answer.chars().filter(Character::isDigit).count();
                return PHONE.matcher(answer).matches() && digits >= 6 && digits <= 15 ? answer : null;
            }
            case "number" -> {
                try {
                    BigDecimal number = new BigDecimal(answer.replace(',', '.').replace(" ", ""));
                    double value = number.doubleValue();
                    if (ask.min() != null && value < ask.min() || ask.max() != null && value > ask.max()) {
                        return null;
                    }
                    return number.stripTrailingZeros().toPlainString();
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case "date" -> {
                try {
                    return LocalDate.parse(answer).toString();
                } catch (java.time.format.DateTimeParseException e) {
                    return null;
                }
            }
            default -> {
                return answer.isEmpty() || answer.length() > 1000 ? null : answer;
            }
        }
    }

    private String choose(FlowDefinition.Branch branch) {
        for (Map.Entry<FlowDefinition.Condition, String> entry : branch.branches()) {
            if (holds(entry.getKey())) {
                return entry.getValue();
            }
        }
        return branch.fallback();
    }

    private boolean holds(FlowDefinition.Condition condition) {
        String actual = switch (condition.subject()) {
            case "answer" -> state.answers().get(condition.name());
            case "attribute" -> attribute(condition.name());
            case "page_url" -> context.pageUrl();
            case "ref" -> context.ref();
            case "language" -> context.language();
            default -> null;
        };
        String expected = condition.value() == null ? "" : condition.value();
        return switch (condition.op()) {
            case "is_open" -> context.open();
            case "is_closed" -> !context.open();
            case "exists" -> actual != null && !actual.isBlank();
            case "equals" -> actual != null && actual.equalsIgnoreCase(expected);
            case "contains" -> actual != null && actual.toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT));
            case "matches" -> actual != null && Wildcard.matches(expected, actual);
            case "gt", "lt" -> compare(actual, expected, condition.op().equals("gt"));
            default -> false;
        };
    }

    private String attribute(String name) {
        Object value = context.attributes() == null ? null : context.attributes().get(name);
        return value != null ? String.valueOf(value) : state.answers().get(name);
    }

    private static boolean compare(String actual, String expected, boolean greater) {
        try {
            int order = new BigDecimal(actual.replace(',', '.')).compareTo(new BigDecimal(expected.replace(',', '.')));
            return greater ? order > 0 : order < 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
