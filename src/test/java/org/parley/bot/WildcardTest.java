package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WildcardTest {
    @Test
    void withoutAStarThePatternIsTheWholeValueIgnoringCase() {
        assertThat(Wildcard.matches("https://shop.example/sale", "https://shop.example/sale")).isTrue();
        assertThat(Wildcard.matches("HTTPS://Shop.Example/SALE", "https://shop.example/sale")).isTrue();
        assertThat(Wildcard.matches("https://shop.example/sale", "https://shop.example/sale/")).isFalse();
        assertThat(Wildcard.matches("https://shop.example/sale", "https://shop.example/sal")).isFalse();
        assertThat(Wildcard.matches("", "")).isTrue();
        assertThat(Wildcard.matches("", "x")).isFalse();
    }

    @Test
    void aStarMatchesAnyRunIncludingNone() {
        assertThat(Wildcard.matches("*", "")).isTrue();
        assertThat(Wildcard.matches("*", "anything at all")).isTrue();
        assertThat(Wildcard.matches("**", "x")).isTrue();
        assertThat(Wildcard.matches("*/pricing", "https://shop.example/pricing")).isTrue();
        assertThat(Wildcard.matches("*/pricing", "https://shop.example/pricing?x=1")).isFalse();
        assertThat(Wildcard.matches("https://shop.example/*", "https://shop.example/")).isTrue();
        assertThat(Wildcard.matches("https://shop.example/*", "https://shop.example")).isFalse();
        assertThat(Wildcard.matches("*checkout*", "https://shop.example/checkout/step-2")).isTrue();
        assertThat(Wildcard.matches("*checkout*", "https://shop.example/cart")).isFalse();
        assertThat(Wildcard.matches("a*b*c", "abc")).isTrue();
        assertThat(Wildcard.matches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(Wildcard.matches("a*b*c", "acb")).isFalse();
    }

    @Test
    void thePiecesAroundAStarDoNotOverlap() {
        assertThat(Wildcard.matches("ab*ba", "aba")).isFalse();
        assertThat(Wildcard.matches("ab*ba", "abba")).isTrue();
        assertThat(Wildcard.matches("a*a*a", "aa")).isFalse();
        assertThat(Wildcard.matches("a*a*a", "aaa")).isTrue();
        assertThat(Wildcard.matches("*aa*aa*", "aaa")).isFalse();
        assertThat(Wildcard.matches("*aa*aa*", "aaaa")).isTrue();
    }

    @Test
    void everyOtherCharacterIsLiteral() {
        assertThat(Wildcard.matches("a.c", "abc")).isFalse();
        assertThat(Wildcard.matches("a.c", "a.c")).isTrue();
        assertThat(Wildcard.matches("?", "x")).isFalse();
        assertThat(Wildcard.matches("[a-z]+", "[A-Z]+")).isTrue();
        assertThat(Wildcard.matches("(a|b)\\d", "(A|B)\\D")).isTrue();
        assertThat(Wildcard.matches("^x$", "x")).isFalse();
    }

    @Test
    void caseIsIgnoredBeyondAscii() {
        assertThat(Wildcard.matches("*ÉTÉ*", "https://shop.example/été")).isTrue();
        assertThat(Wildcard.matches("ΣΟΦΙΑ", "σοφια")).isTrue();
        assertThat(Wildcard.matches("*🎁*", "gift 🎁 box")).isTrue();
        assertThat(Wildcard.matches("x*🎁", "x🎀")).isFalse();
    }

    @Test
    void aNullValueMatchesNothingAndLongPatternsAreRefused() {
        assertThat(Wildcard.matches("*", null)).isFalse();
        String longest = "*".repeat(Wildcard.MAX_PATTERN_LENGTH);
        assertThat(Wildcard.matches(longest, "x")).isTrue();
        assertThatThrownBy(() -> Wildcard.matches(longest + "a", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500");
    }

    @Test
    void patternsThatMakeRegexEnginesBacktrackStayLinear() {
        String value = "a".repeat(2_000_000);
        String manyStars = "*a".repeat(249) + "*b";
        String almost = "a" + "*a".repeat(247) + "*ab*";
        String longPiece = "*" + "a".repeat(498) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(Wildcard.matches(manyStars, value)).isFalse();
            assertThat(Wildcard.matches(almost, value)).isFalse();
            assertThat(Wildcard.matches(longPiece, value)).isFalse();
            assertThat(Wildcard.matches("*" + "a".repeat(499), value)).isTrue();
            assertThat(Wildcard.matches("*" + "a".repeat(249) + "*" + "a".repeat(247) + "b*", value)).isFalse();
        });
    }

    /** Against the obvious dynamic program on short random strings over a small alphabet, where overlaps are frequent. */
    @Test
    void agreesWithADynamicProgramOnRandomInputs() {
        Random random = new Random(42);
        for (int run = 0; run < 20_000; run++) {
            String pattern = random(random, "ab*A", random.nextInt(8));
            String value = random(random, "abB", random.nextInt(10));
            assertThat(Wildcard.matches(pattern, value)).as("'%s' against '%s'", pattern, value)
                    .isEqualTo(reference(pattern.toLowerCase(), value.toLowerCase()));
        }
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static boolean reference(String pattern, String value) {
        boolean[][] match = new boolean[pattern.length() + 1][value.length() + 1];
        match[0][0] = true;
        for (int p = 1; p <= pattern.length(); p++) {
            char c = pattern.charAt(p - 1);
            for (int v = 0; v <= value.length(); v++) {
                match[p][v] = c == '*'
                        ? match[p - 1][v] || (v > 0 && match[p][v - 1])
                        : v > 0 && match[p - 1][v - 1] && value.charAt(v - 1) == c;
            }
        }
        return match[pattern.length()][value.length()];
    }
}
