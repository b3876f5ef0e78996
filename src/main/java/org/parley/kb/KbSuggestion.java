package org.parley.kb;

/** A search hit: the article, an excerpt of its text (at most 200 characters), its BM25 score and its public page. */
public record KbSuggestion(String id, String title, String excerpt, float score, String language, String url) {
}
