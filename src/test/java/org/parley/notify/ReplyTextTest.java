package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Quoted history and signatures cut from replies as real mail clients write them. */
class ReplyTextTest {
    @Test
    void gmail() {
        String text = """
                Yes, the red one in size M please.
                Thanks!

                On Fri, Nov 27, 2026 at 5:02 PM Donni Charm via Parley <parley@chat.example> wrote:

                > Donni Charm replied to your conversation:
                >
                > Ana:
                > We have it in red. Which size?
                >
                """;
        assertThat(ReplyText.strip(text)).isEqualTo("Yes, the red one in size M please.\nThanks!");
    }

    @Test
    void gmailWithTheAttributionWrappedOverTwoLines() {
        String text = """
                Sounds good.

                On Fri, Nov 27, 2026 at 5:02 PM Donni Charm via Parley <
                reply+abcdefghijklmnopqrstuvwxyz234567@chat.example> wrote:
                > We have it in red.
                """;
        assertThat(ReplyText.strip(text)).isEqualTo("Sounds good.");
    }

    @Test
    void outlook() {
        String text = "I'll pick it up on Monday.\r\n\r\nBest regards,\r\nJohn\r\n\r\n"
                + "________________________________\r\n"
                + "From: Donni Charm via Parley <parley@chat.example>\r\n"
                + "Sent: Friday, November 27, 2026 5:02 PM\r\n"
                + "To: john@example.com\r\n"
                + "Subject: New reply from Donni Charm\r\n\r\n"
                + "Donni Charm replied to your conversation:\r\n";
        assertThat(ReplyText.strip(text)).isEqualTo("I'll pick it up on Monday.\n\nBest regards,\nJohn");
    }

    @Test
    void outlookOriginalMessageAndHeaderBlockWithoutRule() {
        assertThat(ReplyText.strip("Thanks\n\n-----Original Message-----\nFrom: Shop\nSent: today\n\nold text"))
                .isEqualTo("Thanks");
        assertThat(ReplyText.strip("Thanks again\n\nFrom: Donni Charm <parley@chat.example>\nSent: Friday\nTo: me\n\nold"))
                .isEqualTo("Thanks again");
    }

    @Test
    void appleMailWithSentFromMyIphone() {
        String text = """
                Perfect, see you then

                Sent from my iPhone

                > On 27 Nov 2026, at 17:02, Donni Charm via Parley <parley@chat.example> wrote:
                >
                > We open at 9.
                """;
        assertThat(ReplyText.strip(text)).isEqualTo("Perfect, see you then");
    }

    @Test
    void plainTextWithASignatureDelimiter() {
        String text = "Can I pay by card?\n\n-- \nMaria Lopez\nACME Corp\n";
        assertThat(ReplyText.strip(text)).isEqualTo("Can I pay by card?");
    }

    @Test
    void interleavedQuotesKeepOnlyTheNewLines() {
        String text = "> Which size?\nM\n> Which colour?\nRed\n";
        assertThat(ReplyText.strip(text)).isEqualTo("M\nRed");
    }

    @Test
    void otherLanguagesAttributions() {
        assertThat(ReplyText.strip("Danke!\n\nAm 27.11.2026 um 17:02 schrieb Donni Charm <p@x.example>:\n> Hallo"))
                .isEqualTo("Danke!");
        assertThat(ReplyText.strip("Merci\n\nLe ven. 27 nov. 2026 à 17:02, Donni <p@x.example> a écrit :\n> Bonjour"))
                .isEqualTo("Merci");
    }

    @Test
    void aSentenceStartingWithOnIsKept() {
        assertThat(ReplyText.strip("On Monday I can come at 10.\nThanks")).isEqualTo("On Monday I can come at 10.\nThanks");
    }

    @Test
    void nothingNewIsEmpty() {
        assertThat(ReplyText.strip("> only quoted\n> text\n")).isEmpty();
        assertThat(ReplyText.strip(null)).isEmpty();
    }

    @Test
    void htmlBecomesTextWithoutTheGmailQuote() {
        String html = "<div dir=\"ltr\">Yes &amp; thanks<br>See you</div><br><div class=\"gmail_quote\">"
                + "<div class=\"gmail_attr\">On Fri wrote:</div><blockquote>old</blockquote></div>";
        assertThat(ReplyText.strip(ReplyText.fromHtml(html))).isEqualTo("Yes & thanks\nSee you");
    }

    @Test
    void hostileHtmlIsReadInLinearTimeAndLosesNoText() {
        // 200,000 "<" without ">": the regexes this parser replaced took minutes (quadratic); jsoup reads it at once.
        String hostile = "Hello " + "<".repeat(200_000) + " bye";
        String text = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> ReplyText.fromHtml(hostile));
        assertThat(text).startsWith("Hello ").endsWith(" bye");
        String nested = "<div>".repeat(5_000) + "deep" + "</div>".repeat(5_000);
        assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> ReplyText.fromHtml(nested)).strip()).isEqualTo("deep");
        // 200,000 &nbsp; in a row: the trailing-space regex was quadratic on them (found by ReplyTextFuzzTest).
        String spaces = "a" + "&nbsp;".repeat(200_000) + "b<p>c \t </p>d";
        assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> ReplyText.fromHtml(spaces))).isEqualTo("a" + " ".repeat(200_000) + "bc\nd");
    }

    @Test
    void scriptsStylesAndEntitiesAreHandledAsMailClientsWriteThem() {
        String html = "<html><head><style>p{}</style></head><body><p>Price &lt; 5&nbsp;&euro; &amp; more</p>"
                + "<script>alert(1)</script><ul><li>one</li><li>two</li></ul><blockquote>quoted</blockquote><p>after</p></body></html>";
        assertThat(ReplyText.strip(ReplyText.fromHtml(html))).isEqualTo("Price < 5 € & more\none\ntwo");
    }
}
