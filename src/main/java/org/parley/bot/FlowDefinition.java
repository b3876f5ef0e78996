package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A parsed, valid flow (docs/bots.md). Made only by {@link FlowParser}, which refuses what would not run,
 * so the engine can trust every reference it follows.
 */
record FlowDefinition(Trigger trigger, int timeoutSeconds, List<Step> steps, Map<String, Integer> index) {
    static final int DEFAULT_TIMEOUT_SECONDS = 600;

    record Trigger(String type, String urlPattern, Integer secondsOnPage, String ref) {
    }

    Step step(String id) {
        return steps.get(index.get(id));
    }

    /** The step after {@code step} when it names none: the next in the list, or null at the end. */
    String following(Step step) {
        if (step.next() != null) {
            return step.next();
        }
        int i = index.get(step.id());
        return i + 1 < steps.size() ? steps.get(i + 1).id() : null;
    }

    sealed interface Step {
        String id();

        String next();
    }

    record Say(String id, String text, JsonNode content, String next) implements Step {
    }

    record Choice(String label, String value) {
    }

    record Ask(String id, String text, String input, String variable, String saveTo, List<Choice> choices,
               String display, String reask, Double min, Double max, String next) implements Step {
    }

    record SetAttribute(String id, String target, String name, String value, String next) implements Step {
    }

    record Condition(String subject, String name, String op, String value) {
    }

    record Branch(String id, List<Map.Entry<Condition, String>> branches, String fallback) implements Step {
        @Override
        public String next() {
            return fallback;
        }
    }

    record Wait(String id, int seconds, String next) implements Step {
    }

    record Assign(String id, String agentId, String next) implements Step {
    }

    /** Hands the thread to the humans, or to a bot app ({@code appId}, docs/apps.md) when it names one. */
    record Handoff(String id, String text, String appId) implements Step {
        @Override
        public String next() {
            return null;
        }
    }

    /** Asks a question, suggests knowledge base articles, asks whether they helped (docs/kb.md); {@code next}: after yes. */
    record Answer(String id, String text, int maxArticles, String helped, String noMatch, String notHelpful, String next)
            implements Step {
    }

    record Resolve(String id, String text) implements Step {
        @Override
        public String next() {
            return null;
        }
    }
}
