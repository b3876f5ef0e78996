package org.parley.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search box's text turned into terms that cannot carry query syntax. Input is split on white space
 * into terms; each term keeps only its runs of letters, digits and combining marks (its words), so
 * quotes, {@code *}, {@code -}, parentheses, {@code NEAR(}, {@code :} and {@code &} never reach the
 * database's query parser. All terms must match; the last term's last word matches as a prefix (typing
 * "refu" finds "refund"). A term of several words ("foo-bar") is a phrase.
 */
public record SearchQuery(List<List<String>> terms) {
    public static final int MAX_TERMS = 16;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");

    public static SearchQuery parse(String text) {
        List<List<String>> terms = new ArrayList<>();
        for (String term : text.strip().split("\\s+")) {
            List<String> words = new ArrayList<>();
            Matcher m = WORD.matcher(term);
            while (m.find()) {
                words.add(m.group().toLowerCase(Locale.ROOT));
            }
            if (!words.isEmpty() && terms.size() < MAX_TERMS) {
                terms.add(List.copyOf(words));
            }
        }
        return new SearchQuery(List.copyOf(terms));
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Every word, for highlighting a snippet. */
    public List<String> words() {
        return terms.stream().flatMap(List::stream).toList();
    }

    /** An SQLite FTS5 query: each term a quoted phrase, the last one a prefix: {@code "foo bar" "baz"*}. */
    public String fts5() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            // Words hold no quotes; doubling them anyway keeps the quoting correct if WORD ever changes.
            out.append('"').append(String.join(" ", terms.get(i)).replace("\"", "\"\"")).append('"');
            if (i == terms.size() - 1) {
                out.append('*');
            }
        }
        return out.toString();
    }

    /**
     * A PostgreSQL {@code to_tsquery} text: quoted lexemes, {@code <->} inside a phrase, {@code &} between
     * terms, {@code :*} on the last word: {@code ('foo' <-> 'bar') & ('baz':*)}.
     */
    public String tsquery() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                out.append(" & ");
            }
            List<String> words = terms.get(i);
            out.append('(');
            for (int w = 0; w < words.size(); w++) {
                if (w > 0) {
                    out.append(" <-> ");
                }
                out.append('\'').append(words.get(w).replace("'", "''")).append('\'');
                if (i == terms.size() - 1 && w == words.size() - 1) {
                    out.append(":*");
                }
            }
            out.append(')');
        }
        return out.toString();
    }
}
