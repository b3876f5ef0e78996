package org.parley.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** User text becomes terms without query syntax, rendered for FTS5 and for to_tsquery. */
class SearchQueryTest {
    @Test
    void wordsBecomeQuotedPhrasesWithAPrefixOnTheLast() {
        SearchQuery q = SearchQuery.parse("  Refund  order-42 ");
        assertThat(q.terms()).containsExactly(List.of("refund"), List.of("order", "42"));
        assertThat(q.fts5()).isEqualTo("\"refund\" \"order 42\"*");
        assertThat(q.tsquery()).isEqualTo("('refund') & ('order' <-> '42':*)");
    }

    @Test
    void querySyntaxIsDropped() {
        for (String hostile : List.of("\"", "*", "NEAR(", "-", "()", "'", "&|!", ":*", "<->", "^")) {
            SearchQuery q = SearchQuery.parse(hostile);
            assertThat(q.fts5()).doesNotContain("(", ")", "-", "'", "&", "|", "!", ":", "<", "^");
            assertThat(q.tsquery()).doesNotContain("\"", "-", "&", "|", "!", "<", "^");
        }
        assertThat(SearchQuery.parse("NEAR(a b) OR \"x\"").fts5()).isEqualTo("\"near a\" \"b\" \"or\" \"x\"*");
        assertThat(SearchQuery.parse("it's").tsquery()).isEqualTo("('it' <-> 's':*)");
        assertThat(SearchQuery.parse("* - \" ( )").isEmpty()).isTrue();
    }

    @Test
    void unicodeWordsAreKeptWhole() {
        assertThat(SearchQuery.parse("Où café 日本語 Straße").terms())
                .containsExactly(List.of("où"), List.of("café"), List.of("日本語"), List.of("straße"));
    }

    @Test
    void atMostSixteenTerms() {
        assertThat(SearchQuery.parse("a ".repeat(40)).terms()).hasSize(SearchQuery.MAX_TERMS);
    }

    @Test
    void snippetsCutAroundTheFirstMatchIgnoringCaseAndAccents() {
        String text = "x".repeat(300) + " the CAFÉ is open " + "y".repeat(300);
        String snippet = Snippet.of(text, List.of("cafe"));
        assertThat(snippet).startsWith("…").endsWith("…").contains("CAFÉ");
        assertThat(snippet.length()).isLessThanOrEqualTo(Snippet.LENGTH + 2);
        assertThat(Snippet.of("short  text\n here", List.of("zzz"))).isEqualTo("short text here");
    }
}
