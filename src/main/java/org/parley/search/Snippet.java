package org.parley.search;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * A short plain-text excerpt of a message around the first word that matched, the same on both databases
 * (the UI renders it as text; there is no markup to escape).
 */
final class Snippet {
    static final int BEFORE = 40;
    static final int LENGTH = 160;

    private Snippet() {
    }

    static String of(String text, List<String> words) {
        String flat = text.strip().replaceAll("\\s+", " ");
        String folded = fold(flat);
        int at = -1;
        for (String word : words) {
            int found = folded.indexOf(fold(word));
            if (found >= 0 && (at < 0 || found < at)) {
                at = found;
            }
        }
        if (flat.length() <= LENGTH) {
            return flat;
        }
        int start = at <= BEFORE ? 0 : at - BEFORE;
        // Start and end on a word boundary where one is near.
        if (start > 0) {
            int space = flat.indexOf(' ', start);
            if (space >= 0 && space < Math.max(at, start + 1)) {
                start = space + 1;
            }
        }
        int end = Math.min(flat.length(), start + LENGTH);
        if (end < flat.length()) {
            int space = flat.lastIndexOf(' ', end);
            if (space > start + LENGTH / 2) {
                end = space;
            }
        }
        // Never cut a surrogate pair in two.
        if (start > 0 && Character.isLowSurrogate(flat.charAt(start))) {
            start++;
        }
        if (end < flat.length() && Character.isLowSurrogate(flat.charAt(end))) {
            end--;
        }
        return (start > 0 ? "…" : "") + flat.substring(start, end) + (end < flat.length() ? "…" : "");
    }

    /** Lower case without diacritics, one char for one char, so positions in the result are positions in the input. */
    static String fold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                out.append(Character.toLowerCase(c));
                continue;
            }
            String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char base = decomposed.isEmpty() ? c : decomposed.charAt(0);
            String lower = String.valueOf(base).toLowerCase(Locale.ROOT);
            out.append(lower.length() == 1 ? lower.charAt(0) : base);
        }
        return out.toString();
    }
}
