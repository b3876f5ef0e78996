package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The mail-to-text converter (issue 11): {@link ReplyText#strip} on plain text and on the text of an HTML part
 * ({@link ReplyText#fromHtml}) never throws, keeps no quoted line, drops scripts, styles and quoted history,
 * and stays about linear in the length of the text.
 */
class ReplyTextFuzzTest {
    private static final String MARKER = "Zq7Marker";
    private static final long SLACK_NANOS = 1_000_000_000L;

    // No entry holds CR or LF: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the dictionary.
    @FuzzTest
    @DictionaryEntries({"> ", "On Tue, 3 Mar 2026 at 10:00, Ana <ana@x> wrote:", "wrote:", "schrieb",
            "Am ", "El ", "Le ", "a écrit", "escribió", "-----Original Message-----", "________________________________",
            "From: ", "Sent: ", "Date:", "-- ", "Sent from my ", "<br>", "<p>", "</p>", "<div>", "<blockquote>",
            "<div class=\"gmail_quote\">", "<script>", "<style>", "<template>", "<head>", "&lt;", "&gt;", "&nbsp;", "<!--", "<"})
    void convert(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 15);
        String text = data.consumeRemainingAsString();
        if (mode < 5) {
            checkStripped(text, ReplyText.strip(text));
        } else if (mode < 10) {
            checkStripped(text, ReplyText.strip(ReplyText.fromHtml(text)));
        } else if (mode < 15) {
            checkDropped(text);
        } else {
            checkLinear(text); // the slow check: one input in 16
        }
    }

    private static void checkStripped(String input, String out) {
        assertThat(out).isNotNull().isEqualTo(out.strip()).doesNotContain("\n\n\n");
        for (String line : out.split("\n")) {
            assertThat(line.strip()).doesNotStartWith(">");
        }
        if (!input.contains("<") && !input.contains("&")) {
            assertThat(out.length()).isLessThanOrEqualTo(input.length());
        }
    }

    /** Script, style and quoted history after plain text (no markup of the fuzzer's that could make them text). */
    private static void checkDropped(String text) {
        if (text.contains("<") || text.contains(MARKER)) {
            return;
        }
        for (String html : new String[] {text + "<script>" + MARKER + "</script>", text + "<style>" + MARKER + "</style>",
                text + "<blockquote>" + MARKER + "</blockquote>" + text,
                text + "<div class=\"gmail_quote\">" + MARKER + "</div><p>" + MARKER + "</p>"}) {
            assertThat(ReplyText.fromHtml(html)).doesNotContain(MARKER);
        }
    }

    /**
     * About linear: 8 times the text takes about 8 times as long, where quadratic work takes 64 times. Compared
     * with itself plus a second of slack, and measured again before it counts: under the fuzzer's
     * instrumentation, on a shared machine, linear inputs measured up to 50 times slower at 8 times the size
     * (false findings, their inputs kept; nested divs, linear uninstrumented). So this catches gross cases like
     * the quadratic &amp;nbsp; run (0.7 s, then 80 s); ReplyTextTest times hostile inputs without the fuzzer.
     */
    private static void checkLinear(String unit) {
        if (unit.isEmpty()) {
            return;
        }
        long small = Long.MAX_VALUE;
        long large = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            small = Math.min(small, time(unit, 2_500));
            large = Math.min(large, time(unit, 20_000));
            if (large < 24 * small + SLACK_NANOS) {
                return;
            }
        }
        fail("%d ns for 2,500 characters, %d ns for 20,000", small, large);
    }

    private static long time(String unit, int length) {
        String text = unit.repeat(Math.max(1, length / unit.length()));
        long start = System.nanoTime();
        ReplyText.strip(text);
        ReplyText.strip(ReplyText.fromHtml(text));
        return System.nanoTime() - start;
    }
}
