package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.http.ApiError;
import org.parley.message.RichContent;

/**
 * Reads a flow definition (docs/bots.md) and says everything wrong with it at once, each problem naming its
 * step and field, so the editor can show them in place. A definition with no problem parses to a
 * {@link FlowDefinition} the engine can run without further checks.
 */
final class FlowParser {
    static final int MAX_STEPS = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");
    static final Set<String> TRIGGERS = Set.of("conversation_started", "first_message", "page", "ref", "outside_hours");
    static final Set<String> INPUTS = Set.of("text", "email", "phone", "number", "date", "choice");
    private static final Set<String> SUBJECTS = Set.of("answer", "attribute", "business_hours", "page_url", "ref", "language");
    private static final Set<String> OPS = Set.of("equals", "contains", "matches", "exists", "gt", "lt", "is_open", "is_closed");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "say", Set.of("text", "content"),
            "ask", Set.of("text", "input", "variable", "save_to", "choices", "display", "reask", "min", "max"),
            "set", Set.of("target", "name", "value"),
            "branch", Set.of("branches", "default"),
            "wait", Set.of("seconds"),
            "assign", Set.of("agent_id"),
            "handoff", Set.of("text", "app_id"),
            "resolve", Set.of("text"),
            "answer", Set.of("text", "max_articles", "helped", "no_match", "not_helpful"));

    record Problem(String step, String field, String message) {
    }

    record Result(FlowDefinition definition, List<Problem> problems) {
    }

    private final List<Problem> problems = new ArrayList<>();

    private FlowParser() {
    }

    static Result parse(JsonNode root) {
        return new FlowParser().read(root);
    }

    private Result read(JsonNode root) {
        if (root == null || !root.isObject()) {
            problem(null, null, "A flow definition must be a JSON object");
            return new Result(null, problems);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("name", "trigger", "timeout_seconds", "steps").contains(field)) {
                problem(null, field, "Unknown field '" + field + "'");
            }
        }
        FlowDefinition.Trigger trigger = trigger(root.get("trigger"));
        int timeout = FlowDefinition.DEFAULT_TIMEOUT_SECONDS;
        if (root.has("timeout_seconds")) {
            JsonNode t = root.get("timeout_seconds");
            if (!t.canConvertToInt() || t.asInt() < 30 || t.asInt() > 86_400) {
                problem(null, "timeout_seconds", "'timeout_seconds' must be a whole number of seconds, 30-86400");
            } else {
                timeout = t.asInt();
            }
        }
        JsonNode stepsNode = root.get("steps");
        List<FlowDefinition.Step> steps = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            problem(null, "steps", "A flow needs at least one step");
        } else if (stepsNode.size() > MAX_STEPS) {
            problem(null, "steps", "A flow has at most " + MAX_STEPS + " steps");
        } else {
            for (JsonNode node : stepsNode) {
                FlowDefinition.Step step = step(node, index.size());
                if (step != null) {
                    if (index.containsKey(step.id())) {
                        problem(step.id(), "id", "Two steps are named '" + step.id() + "'");
                    } else {
                        index.put(step.id(), steps.size());
                        steps.add(step);
                    }
                }
            }
        }
        if (problems.isEmpty()) {
            references(steps, index);
        }
        return new Result(problems.isEmpty() ? new FlowDefinition(trigger, timeout, List.copyOf(steps), Map.copyOf(index))
                : null, List.copyOf(problems));
    }

    private FlowDefinition.Trigger trigger(JsonNode node) {
        if (node == null || !node.isObject() || !TRIGGERS.contains(text(node, "type"))) {
            problem(null, "trigger", "The trigger must be one of " + String.join(", ", sorted(TRIGGERS)));
            return null;
        }
        String type = text(node, "type");
        String pattern = text(node, "url_pattern");
        String ref = text(node, "ref");
        Integer seconds = node.has("seconds_on_page") ? node.get("seconds_on_page").asInt(-1) : null;
        if (type.equals("page") && (pattern == null || pattern.isBlank() || pattern.length() > 500)) {
            problem(null, "trigger.url_pattern", "A page trigger needs a URL pattern (1-500 characters, * matches anything)");
        }
        if (seconds != null && (seconds < 0 || seconds > 3600)) {
            problem(null, "trigger.seconds_on_page", "'seconds_on_page' must be 0-3600");
        }
        if (type.equals("ref") && (ref == null || ref.isBlank() || ref.length() > 100)) {
            problem(null, "trigger.ref", "A ref trigger needs the ref to match (1-100 characters)");
        }
        return new FlowDefinition.Trigger(type, pattern, seconds, ref);
    }

    private FlowDefinition.Step step(JsonNode node, int position) {
        String label = "#" + (position + 1);
        if (!node.isObject()) {
            problem(label, null, "Step " + label + " must be an object");
            return null;
        }
        String id = text(node, "id");
        if (id == null || !ID.matcher(id).matches()) {
            problem(label, "id", "Step " + label + " needs an id of 1-40 letters, digits, _ or -");
            return null;
        }
        String type = text(node, "type");
        Set<String> allowed = FIELDS.get(type == null ? "" : type);
        if (allowed == null) {
            problem(id, "type", "Step '" + id + "' has an unknown type; use one of " + String.join(", ", sorted(FIELDS.keySet())));
            return null;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("id") && !field.equals("type") && !field.equals("next") && !allowed.contains(field)) {
                problem(id, field, "Step '" + id + "' has an unknown field '" + field + "'");
            }
        }
        String next = text(node, "next");
        return switch (type) {
            case "say" -> new FlowDefinition.Say(id, requiredText(node, id, "text", 2000), content(node, id), next);
            case "ask" -> ask(node, id, next);
            case "set" -> new FlowDefinition.SetAttribute(id, oneOf(node, id, "target", Set.of("contact", "conversation"), null),
                    variable(node, id, "name"), requiredText(node, id, "value", 500), next);
            case "branch" -> branch(node, id);
            case "wait" -> new FlowDefinition.Wait(id, wholeNumber(node, id, "seconds", 1, 86_400), next);
            case "assign" -> new FlowDefinition.Assign(id, requiredText(node, id, "agent_id", 64), next);
            case "handoff" -> new FlowDefinition.Handoff(id, optionalText(node, id, "text", 2000),
                    optionalText(node, id, "app_id", 64));
            case "answer" -> new FlowDefinition.Answer(id, requiredText(node, id, "text", 2000),
                    node.has("max_articles") ? wholeNumber(node, id, "max_articles", 1, 5) : AnswerStep.DEFAULT_MAX_ARTICLES,
                    orElse(optionalText(node, id, "helped", 500), AnswerStep.DEFAULT_HELPED),
                    orElse(optionalText(node, id, "no_match", 2000), AnswerStep.DEFAULT_NO_MATCH),
                    orElse(optionalText(node, id, "not_helpful", 2000), AnswerStep.DEFAULT_NOT_HELPFUL), next);
            default -> new FlowDefinition.Resolve(id, optionalText(node, id, "text", 2000));
        };
    }

    private FlowDefinition.Ask ask(JsonNode node, String id, String next) {
        String text = requiredText(node, id, "text", 2000);
        String input = oneOf(node, id, "input", INPUTS, "text");
        String variable = node.has("variable") ? variable(node, id, "variable") : null;
        if (variable == null && !node.has("variable")) {
            problem(id, "variable", "Step '" + id + "' asks without a variable to keep the answer in");
        }
        String saveTo = oneOf(node, id, "save_to", Set.of("contact", "conversation"), "contact");
        String display = oneOf(node, id, "display", Set.of("quick_replies", "buttons"), "quick_replies");
        List<FlowDefinition.Choice> choices = new ArrayList<>();
        JsonNode list = node.get("choices");
        if ("choice".equals(input)) {
            if (list == null || !list.isArray() || list.isEmpty() || list.size() > 10) {
                problem(id, "choices", "Step '" + id + "' asks for a choice: give it 1-10 choices");
            } else {
                for (JsonNode c : list) {
                    String label = text(c, "label");
                    String value = text(c, "value") == null ? label : text(c, "value");
                    if (label == null || label.isBlank() || label.length() > 40 || value.isBlank() || value.length() > 200) {
                        problem(id, "choices", "Step '" + id + "': every choice needs a label (1-40 characters) and a value (1-200)");
                    } else {
                        choices.add(new FlowDefinition.Choice(label, value));
                    }
                }
            }
        } else if (list != null) {
            problem(id, "choices", "Step '" + id + "' has choices but asks for " + input);
        }
        Double min = node.has("min") ? node.get("min").asDouble() : null;
        Double max = node.has("max") ? node.get("max").asDouble() : null;
        if (min != null && max != null && min > max) {
            problem(id, "min", "Step '" + id + "': 'min' is above 'max'");
        }
        return new FlowDefinition.Ask(id, text, input, variable, saveTo, List.copyOf(choices), display,
                optionalText(node, id, "reask", 500), min, max, next);
    }

    private FlowDefinition.Branch branch(JsonNode node, String id) {
        List<Map.Entry<FlowDefinition.Condition, String>> branches = new ArrayList<>();
        JsonNode list = node.get("branches");
        if (list != null && (!list.isArray() || list.size() > 20)) {
            problem(id, "branches", "Step '" + id + "': 'branches' must be a list of at most 20");
        } else if (list != null) {
            int i = 0;
            for (JsonNode b : list) {
                String field = "branches[" + i++ + "]";
                JsonNode when = b.get("when");
                String next = text(b, "next");
                if (when == null || !when.isObject() || !SUBJECTS.contains(text(when, "subject"))
                        || !OPS.contains(text(when, "op"))) {
                    problem(id, field, "Step '" + id + "': each branch needs a condition with a subject ("
                            + String.join(", ", sorted(SUBJECTS)) + ") and an op (" + String.join(", ", sorted(OPS)) + ")");
                    continue;
                }
                if (next == null) {
                    problem(id, field, "Step '" + id + "': a branch needs the step it goes to");
                    continue;
                }
                String subject = text(when, "subject");
                boolean hours = subject.equals("business_hours");
                if (hours != (text(when, "op").equals("is_open") || text(when, "op").equals("is_closed"))) {
                    problem(id, field, "Step '" + id + "': business hours are tested with is_open or is_closed, and only they");
                }
                if ((subject.equals("answer") || subject.equals("attribute")) && text(when, "name") == null) {
                    problem(id, field, "Step '" + id + "': a condition on an " + subject + " needs its name");
                }
                String value = text(when, "value");
                if (value != null && value.length() > Wildcard.MAX_PATTERN_LENGTH) {
                    // Wildcard refuses longer patterns: the run would fail at this branch, every time.
                    problem(id, field, "Step '" + id + "': a condition's value must be at most "
                            + Wildcard.MAX_PATTERN_LENGTH + " characters");
                }
                branches.add(new AbstractMap.SimpleImmutableEntry<>(new FlowDefinition.Condition(subject, text(when, "name"),
                        text(when, "op"), text(when, "value")), next));
            }
        }
        String fallback = text(node, "default");
        if (fallback == null) {
            problem(id, "default", "Step '" + id + "' is a branch without a default step");
        }
        return new FlowDefinition.Branch(id, List.copyOf(branches), fallback);
    }

    /** Every named step exists, and every step can be reached from the first. */
    private void references(List<FlowDefinition.Step> steps, Map<String, Integer> index) {
        for (FlowDefinition.Step step : steps) {
            for (String target : targets(step)) {
                if (!index.containsKey(target)) {
                    problem(step.id(), "next", "Step '" + step.id() + "' goes to '" + target + "', which is not a step");
                }
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        Set<String> reached = new LinkedHashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(steps.get(0).id()));
        while (!queue.isEmpty()) {
            String id = queue.poll();
            if (!reached.add(id)) {
                continue;
            }
            FlowDefinition.Step step = steps.get(index.get(id));
            queue.addAll(targets(step));
            if (step.next() == null && !(step instanceof FlowDefinition.Branch) && !(step instanceof FlowDefinition.Handoff)
                    && !(step instanceof FlowDefinition.Resolve) && !(step instanceof FlowDefinition.Answer)
                    && index.get(id) + 1 < steps.size()) {
                queue.add(steps.get(index.get(id) + 1).id());
            }
        }
        for (FlowDefinition.Step step : steps) {
            if (!reached.contains(step.id())) {
                problem(step.id(), null, "Step '" + step.id() + "' can never be reached");
            }
        }
    }

    private static List<String> targets(FlowDefinition.Step step) {
        List<String> targets = new ArrayList<>();
        if (step instanceof FlowDefinition.Branch branch) {
            branch.branches().forEach(e -> targets.add(e.getValue()));
        }
        if (step.next() != null) {
            targets.add(step.next());
        }
        return targets;
    }

    private JsonNode content(JsonNode node, String id) {
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            return null;
        }
        try {
            return org.parley.http.Json.tree(RichContent.validate(content));
        } catch (ApiError e) {
            problem(id, "content", "Step '" + id + "': " + e.getMessage());
            return null;
        }
    }

    private String requiredText(JsonNode node, String id, String field, int max) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            problem(id, field, "Step '" + id + "' needs '" + field + "'");
        } else if (value.length() > max) {
            problem(id, field, "Step '" + id + "': '" + field + "' must be at most " + max + " characters");
        }
        return value;
    }

    private String optionalText(JsonNode node, String id, String field, int max) {
        String value = text(node, field);
        if (value != null && value.length() > max) {
            problem(id, field, "Step '" + id + "': '" + field + "' must be at most " + max + " characters");
        }
        return value == null || value.isBlank() ? null : value;
    }

    private String variable(JsonNode node, String id, String field) {
        String value = text(node, field);
        if (value == null || !VARIABLE.matcher(value).matches()) {
            problem(id, field, "Step '" + id + "': '" + field + "' must be a name of 1-40 letters, digits or _, starting with a letter");
        }
        return value;
    }

    private String oneOf(JsonNode node, String id, String field, Set<String> allowed, String fallback) {
        String value = text(node, field);
        if (value == null && fallback != null) {
            return fallback;
        }
        if (value == null || !allowed.contains(value)) {
            problem(id, field, "Step '" + id + "': '" + field + "' must be one of " + String.join(", ", sorted(allowed)));
        }
        return value;
    }

    private int wholeNumber(JsonNode node, String id, String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            problem(id, field, "Step '" + id + "': '" + field + "' must be a whole number, " + min + "-" + max);
            return min;
        }
        return value.asInt();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private void problem(String step, String field, String message) {
        problems.add(new Problem(step, field, message));
    }
}
