package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The mail-to-text converter (issue 11): {@link ReplyText#strip} on plain text and on the text of an HTML part
 * ({@link ReplyText#fromHtml}) never throws, keeps no quoted line, drops scripts, styles and quoted history,
 * and stays about linear: the fuzzer's input repeated to 60,000 characters is converted well inside a second.
 */
class ReplyTextFuzzTest {
    private static final String MARKER = "Zq7Marker";
    private static final long BUDGET_NANOS = 2_000_000_000L;

    // No entry holds CR or LF: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the dictionary.
    @FuzzTest
    @DictionaryEntries({"> ", "On Tue, 3 Mar 2026 at 10:00, Ana <ana@x> wrote:", "wrote:", "schrieb",
            "Am ", "El ", "Le ", "a écrit", "escribió", "-----Original Message-----", "________________________________",
            "From: ", "Sent: ", "Date:", "-- ", "Sent from my ", "<br>", "<p>", "</p>", "<div>", "<blockquote>",
            "<div class=\"gmail_quote\">", "<script>", "<style>", "<template>", "<head>", "&lt;", "&gt;", "&nbsp;", "<!--", "<"})
    void convert(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 3);
        String text = data.consumeRemainingAsString();
        switch (mode) {
            case 0 -> checkStripped(text, ReplyText.strip(text));
            case 1 -> checkStripped(text, ReplyText.strip(ReplyText.fromHtml(text)));
            case 2 -> checkDropped(text);
            default -> checkLinear(text);
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

    private static void checkLinear(String unit) {
        if (unit.isEmpty()) {
            return;
        }
        String big = unit.repeat(Math.max(1, 60_000 / unit.length()));
        long start = System.nanoTime();
        ReplyText.strip(big);
        ReplyText.strip(ReplyText.fromHtml(big));
        assertThat(System.nanoTime() - start).as("time for %d characters", big.length()).isLessThan(BUDGET_NANOS);
    }
}
