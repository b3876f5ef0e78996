package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.http.Json;

/**
 * The answer step's parts that need no engine state (docs/kb.md): where the articles come from, the cards that show
 * them, and reading the visitor's "did this help?". {@link FlowEngine} drives the step itself.
 */
final class AnswerStep {
    /** The run waits for the visitor's question, then for the answer to "did this help?". */
    static final String QUESTION = "kb_question";
    static final String HELPED = "kb_helped";
    static final String YES = "kb.yes";
    static final String NO = "kb.no";
    static final int DEFAULT_MAX_ARTICLES = 3;
    static final String DEFAULT_HELPED = "Did this help?";
    static final String DEFAULT_NO_MATCH = "I couldn't find an article on that; a person will help you.";
    static final String DEFAULT_NOT_HELPFUL = "Sorry about that; a person will help you.";
    private static final Set<String> YES_WORDS = Set.of("yes", "y", "yeah", "yep", "thanks", "thank you", "oui", "ja",
            "sí", "si", "sim", "да");
    private static final Set<String> NO_WORDS = Set.of("no", "n", "nope", "non", "nein", "não", "nao", "нет");

    /** The published articles that best answer a question, best first (the knowledge base's search). */
    @FunctionalInterface
    interface Articles {
        List<Article> find(String question, int max);

        Articles NONE = (question, max) -> List.of();
    }

    record Article(String id, String title, String excerpt, String url) {
    }

    private AnswerStep() {
    }

    /**
     * The message's text, above the cards. Emails add each card's title and link to it (RichContent's plain text),
     * so the text itself stays short and the widget shows no list twice.
     */
    static String text(List<Article> articles) {
        return articles.size() == 1 ? "This article may help:" : "These articles may help:";
    }

    /** A carousel: a card per article, its excerpt as the subtitle and a button opening its public page. */
    static JsonNode cards(List<Article> articles) {
        ObjectNode content = Json.MAPPER.createObjectNode();
        ArrayNode cards = content.putArray("cards");
        for (Article article : articles) {
            ObjectNode card = cards.addObject().put("title", cut(article.title(), 80));
            if (article.excerpt() != null && !article.excerpt().isBlank()) {
                card.put("subtitle", cut(article.excerpt(), 200));
            }
            card.putArray("buttons").addObject().put("label", "Read").put("url", article.url());
        }
        return content;
    }

    static JsonNode yesNo() {
        ObjectNode content = Json.MAPPER.createObjectNode();
        ArrayNode replies = content.putArray("quick_replies");
        replies.addObject().put("label", "Yes").put("payload", YES);
        replies.addObject().put("label", "No").put("payload", NO);
        return content;
    }

    /** True for yes, false for no, null when the answer is neither. */
    static Boolean helped(String text, String payload) {
        if (YES.equals(payload)) {
            return true;
        }
        if (NO.equals(payload)) {
            return false;
        }
        String answer = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "");
        return YES_WORDS.contains(answer) ? Boolean.TRUE : NO_WORDS.contains(answer) ? Boolean.FALSE : null;
    }

    static String titles(List<Article> articles) {
        return articles.stream().map(Article::title).collect(Collectors.joining("; "));
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
