package org.parley.bot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code *} patterns of flow triggers and conditions (docs/bots.md): {@code *} matches any run of characters,
 * possibly empty, and every other character only itself, ignoring case. Patterns come from admins and values from
 * visitors (page URLs), so matching never backtracks: the pattern is split at its stars, the first piece must start
 * the value, the last must end it, and the pieces between are found left to right, each at its first place (taking
 * the earliest place never loses a match, since a star absorbs whatever lies between). Each search is
 * Knuth-Morris-Pratt, so a match costs time linear in the lengths of the value and the pattern.
 */
public final class Wildcard {
    /** Longer patterns are refused; flow validation keeps them out of published flows. */
    public static final int MAX_PATTERN_LENGTH = 500;

    private Wildcard() {
    }

    /**
     * Whether {@code value} matches {@code pattern} as a whole; a null value matches nothing.
     *
     * @throws IllegalArgumentException when the pattern is longer than {@link #MAX_PATTERN_LENGTH} characters
     */
    public static boolean matches(String pattern, String value) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("A pattern has at most " + MAX_PATTERN_LENGTH + " characters");
        }
        if (value == null) {
            return false;
        }
        int[] text = folded(value);
        List<int[]> pieces = pieces(folded(pattern));
        if (pieces.size() == 1) {
            return text.length == pieces.get(0).length && regionEquals(text, 0, pieces.get(0));
        }
        int[] first = pieces.get(0);
        int[] last = pieces.get(pieces.size() - 1);
        if (first.length + last.length > text.length || !regionEquals(text, 0, first)
                || !regionEquals(text, text.length - last.length, last)) {
            return false;
        }
        int from = first.length;
        int end = text.length - last.length;
        for (int i = 1; i < pieces.size() - 1; i++) {
            int at = indexOf(text, from, end, pieces.get(i));
            if (at < 0) {
                return false;
            }
            from = at + pieces.get(i).length;
        }
        return true;
    }

    /**
     * Code points with case folded one by one (upper, then lower case: "ß", "İ" and the Greek sigmas compare as
     * their case partners do), so the value and the pattern keep one code point per code point.
     */
    private static int[] folded(String s) {
        return s.codePoints().map(cp -> Character.toLowerCase(Character.toUpperCase(cp))).toArray();
    }

    /** The pattern split at its stars: n stars give n + 1 pieces, some of them empty. */
    private static List<int[]> pieces(int[] pattern) {
        List<int[]> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= pattern.length; i++) {
            if (i == pattern.length || pattern[i] == '*') {
                pieces.add(Arrays.copyOfRange(pattern, start, i));
                start = i + 1;
            }
        }
        return pieces;
    }

    /** Whether {@code piece} lies in {@code text} at {@code at}. */
    private static boolean regionEquals(int[] text, int at, int[] piece) {
        if (at < 0 || at + piece.length > text.length) {
            return false;
        }
        for (int i = 0; i < piece.length; i++) {
            if (text[at + i] != piece[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first index in [from, end) where {@code piece} lies wholly before {@code end}, or -1 (Knuth-Morris-Pratt). */
    private static int indexOf(int[] text, int from, int end, int[] piece) {
        if (piece.length == 0) {
            return from;
        }
        int[] fallback = new int[piece.length];
        for (int i = 1, k = 0; i < piece.length; i++) {
            while (k > 0 && piece[i] != piece[k]) {
                k = fallback[k - 1];
            }
            if (piece[i] == piece[k]) {
                k++;
            }
            fallback[i] = k;
        }
        for (int i = from, k = 0; i < end; i++) {
            while (k > 0 && text[i] != piece[k]) {
                k = fallback[k - 1];
            }
            if (text[i] == piece[k]) {
                k++;
            }
            if (k == piece.length) {
                return i - piece.length + 1;
            }
        }
        return -1;
    }
}
