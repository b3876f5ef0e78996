package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.mail.Email;
import org.parley.message.Message;
import org.parley.message.SenderType;

/** The notification email's rendering, texts, colours and thread selection (the end-to-end checks are in NotifyIT). */
class ReplyEmailTest {
    private static final long T0 = java.time.Instant.parse("2026-11-29T23:30:00Z").toEpochMilli();

    private static Message message(long seq, SenderType type, String name, String text, boolean isPrivate) {
        return new Message("m" + seq, "w", "c", seq, type, type == SenderType.CONTACT ? "k" : "a", name, "cm" + seq, text,
                null, isPrivate, T0 + seq * 60_000);
    }

    private static Message contact(long seq, String text) {
        return message(seq, SenderType.CONTACT, null, text, false);
    }

    private static Message agent(long seq, String text) {
        return message(seq, SenderType.AGENT, "Anna", text, false);
    }

    /** A conversation held in memory, read like MessageService reads it for a visitor (no private messages). */
    private record Thread(List<Message> all) implements ReplyEmailThread.Reader {
        @Override
        public List<Message> after(long seq, int limit) {
            return all.stream().filter(m -> !m.isPrivate() && m.seq() > seq).limit(limit).toList();
        }

        @Override
        public List<Message> before(long seq, int limit) {
            List<Message> visible = all.stream().filter(m -> !m.isPrivate() && m.seq() < seq).toList();
            return visible.subList(Math.max(0, visible.size() - limit), visible.size());
        }
    }

    private static ReplyEmail.Addressing addressing() {
        return new ReplyEmail.Addressing("c@customer.example", "https://p.example/me#/signin?token=cl_x&c=c",
                "https://p.example/api/v1/notify/unsubscribe?token=u", "reply+abc@reply.example", "<notify.j@reply.example>");
    }

    private static Email render(String language, ZoneId zone, String color, List<Message> all, List<Message> replies) {
        ReplyEmailThread.Context context = ReplyEmailThread.load(new Thread(all), replies, "Donni <Charm>");
        return ReplyEmail.render(new ReplyEmail.Content("Donni <Charm>", EmailTheme.of(color), ReplyEmailTexts.of(language),
                zone, context, replies.size()), addressing());
    }

    @Test
    void theQuestionTheHistoryInOrderAndTheNewRepliesMarkedWithoutNotesOrSystemMessages() {
        Message seen = agent(2, "Hello, let me look.");
        Message a = agent(6, "We have it in red.");
        Message b = message(8, SenderType.BOT, null, "Anything else?", false);
        List<Message> all = List.of(contact(1, "Do you have red scarves?"), seen, contact(3, "In wool?"),
                contact(4, "<script>alert('x')</script> & <b>size M</b>"),
                message(5, SenderType.AGENT, "Anna", "Secret: returns everything", true), a,
                message(7, SenderType.SYSTEM, null, "Assigned to Anna", true), b);
        Email email = render("en", ZoneId.of("Europe/Paris"), "#3b5bdb", all, List.of(a, b));

        assertThat(email.subject()).isEqualTo("2 new replies from Donni <Charm>");
        assertThat(email.fromName()).isEqualTo("Donni <Charm> via Parley");
        assertThat(email.replyTo()).isEqualTo("reply+abc@reply.example");
        String text = email.text();
        String question = text.substring(text.indexOf("Your question:"), text.indexOf("Latest messages:"));
        assertThat(question).as("the customer's latest messages before the replies")
                .contains("In wool?").contains("<script>alert('x')</script>").doesNotContain("red scarves");
        String history = text.substring(text.indexOf("Latest messages:"));
        assertThat(history).containsSubsequence("You · ", "Do you have red scarves?", "Anna · ", "Hello, let me look.",
                "In wool?", "size M", "[NEW] Anna · ", "We have it in red.", "[NEW] Donni <Charm> · ", "Anything else?",
                "Continue the conversation: https://p.example/me#/signin?token=cl_x&c=c",
                "You can also answer by replying to this email.", "Stop these emails: https://p.example/api/v1/notify/unsubscribe?token=u");
        assertThat(history).as("a reply already seen is not new").contains("Anna · Nov 30, 2026, 12:32\u00a0AM\nHello")
                .doesNotContain("[NEW] Anna · Nov 30, 2026, 12:32");
        assertThat(text).doesNotContain("Secret").doesNotContain("Assigned to");
        assertThat(text).as("the time in the visitor's zone").contains("Nov 30, 2026, 12:32\u00a0AM");

        String html = email.html();
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;size M&lt;/b&gt;")
                .contains("Donni &lt;Charm&gt;").doesNotContain("<script").doesNotContain("<b>size")
                .doesNotContain("Secret").doesNotContain("Assigned to").contains("lang=\"en\"")
                .contains("href=\"https://p.example/me#/signin?token=cl_x&amp;c=c\"");
        assertThat(html.split(">New</span>", -1)).as("two new replies marked").hasSize(3);
        assertThat(html.indexOf("Hello, let me look.")).isLessThan(html.indexOf("We have it in red."));
    }

    @Test
    void inFrenchAndGermanEveryTextIsTranslated() {
        Message a = agent(2, "Oui, en rouge.");
        List<Message> all = List.of(contact(1, "Avez-vous des écharpes rouges ?"), a);
        Email fr = render("fr", ZoneId.of("Europe/Paris"), "#3b5bdb", all, List.of(a));
        assertThat(fr.subject()).isEqualTo("Nouvelle réponse de Donni <Charm>");
        assertThat(fr.text()).contains("Donni <Charm> a répondu à votre conversation.", "Votre question\u00a0:",
                "Derniers messages\u00a0:", "Vous · 30 nov. 2026 00:31", "[NOUVEAU] Anna · ",
                "Continuer la conversation\u00a0: https://p.example/me", "Vous pouvez aussi répondre directement à cet e-mail.",
                "Ne plus recevoir ces e-mails\u00a0: ", "Envoyé par Parley pour Donni <Charm>.")
                .doesNotContain("Continue the conversation").doesNotContain("Your question");
        assertThat(fr.html()).contains("lang=\"fr\"", ">Nouveau</span>", ">Continuer la conversation</a>")
                .doesNotContain("Stop these emails");

        Email de = render("de", null, "#3b5bdb", all, List.of(a, agent(3, "Und in Blau.")));
        assertThat(de.subject()).isEqualTo("2 neue Antworten von Donni <Charm>");
        assertThat(de.text()).contains("Donni <Charm> hat auf Ihre Unterhaltung geantwortet.", "Ihre Frage:",
                "Sie · 29.11.2026, 23:31 UTC", "[NEU] Anna · ", "Unterhaltung fortsetzen: ", "Diese E-Mails abbestellen: ");

        assertThat(render("es", null, "#3b5bdb", all, List.of(a)).subject()).as("a language the widget lacks")
                .isEqualTo("New reply from Donni <Charm>");
    }

    @Test
    void everyLanguageHasEveryText() throws Exception {
        for (ReplyEmailTexts texts : List.of(ReplyEmailTexts.EN, ReplyEmailTexts.FR, ReplyEmailTexts.DE)) {
            for (RecordComponent component : ReplyEmailTexts.class.getRecordComponents()) {
                assertThat((String) component.getAccessor().invoke(texts)).as(texts.language() + " " + component.getName())
                        .isNotEmpty();
            }
            assertThat(texts.subjectMany()).contains("{count}").contains("{business}");
            assertThat(texts.intro()).contains("{business}");
        }
        assertThat(ReplyEmailTexts.of("fr").cta()).isNotEqualTo(ReplyEmailTexts.of("en").cta());
        assertThat(ReplyEmailTexts.of("de").cta()).isNotEqualTo(ReplyEmailTexts.of("en").cta());
    }

    @Test
    void aLongThreadShowsTenMessagesButEveryNewReplyAndFindsTheFirstQuestionFarBack() {
        List<Message> all = new ArrayList<>();
        all.add(contact(1, "The first question"));
        LongStream.rangeClosed(2, 80).forEach(seq -> all.add(agent(seq, "Earlier " + seq)));
        List<Message> replies = LongStream.rangeClosed(81, 93).mapToObj(seq -> agent(seq, "New " + seq)).toList();
        all.addAll(replies);
        ReplyEmailThread.Context context = ReplyEmailThread.load(new Thread(all), replies, "Donni");
        assertThat(context.history()).hasSize(13).allMatch(ReplyEmailThread.Line::isNew);
        assertThat(context.question()).extracting(ReplyEmailThread.Line::text).containsExactly("The first question");

        List<Message> few = all.subList(0, 82);
        ReplyEmailThread.Context short_ = ReplyEmailThread.load(new Thread(few), few.subList(80, 82), "Donni");
        assertThat(short_.history()).extracting(ReplyEmailThread.Line::text)
                .containsExactly("Earlier 73", "Earlier 74", "Earlier 75", "Earlier 76", "Earlier 77", "Earlier 78",
                        "Earlier 79", "Earlier 80", "New 81", "New 82");

        List<Message> none = List.of(agent(1, "Hi! Can I help?"), agent(2, "We ship tomorrow."));
        assertThat(ReplyEmailThread.load(new Thread(none), none.subList(1, 2), "Donni").question())
                .as("the business wrote first: no question").isEmpty();
        assertThat(ReplyEmailThread.cut("x".repeat(5) + "😀", 6)).isEqualTo("xxxxx…");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#ffffff", "#ffd43b", "#3b5bdb", "#000000", "#777777", "#808080", "#00ff00", "#e03131", "#fab005"})
    void theColourIsReadableByTheWidgetsContrastRule(String color) {
        EmailTheme theme = EmailTheme.of(color);
        assertThat(EmailTheme.contrast(theme.textOnColor(), theme.color())).as("text on the colour").isGreaterThanOrEqualTo(4.5);
        assertThat(EmailTheme.contrast(theme.accent(), "#ffffff")).as("the accent on white").isGreaterThanOrEqualTo(4.5);
        assertThat(theme.accent()).isIn(theme.color(), EmailTheme.DARK);
    }

    @Test
    void theColourIsNormalisedAndTheGreysAreReadable() {
        assertThat(EmailTheme.of("#FA0").color()).isEqualTo("#ffaa00");
        assertThat(EmailTheme.of("#ffd43b")).isEqualTo(new EmailTheme("#ffd43b", "#000000", EmailTheme.DARK));
        assertThat(EmailTheme.of("#3b5bdb")).isEqualTo(new EmailTheme("#3b5bdb", "#ffffff", "#3b5bdb"));
        assertThat(EmailTheme.of("red;background:url(x)").color()).as("never raw into a style").isEqualTo("#3b5bdb");
        assertThat(EmailTheme.contrast(ReplyEmailHtml.MUTED, "#ffffff")).isGreaterThanOrEqualTo(4.5);
        assertThat(EmailTheme.contrast(ReplyEmailHtml.MUTED, ReplyEmailHtml.NEW_BACKGROUND)).isGreaterThanOrEqualTo(4.5);
        assertThat(EmailTheme.contrast(ReplyEmailHtml.TEXT, ReplyEmailHtml.NEW_BACKGROUND)).isGreaterThanOrEqualTo(4.5);
    }

    @Test
    void anUnknownTimeZoneIsUtcAndSaysSo() {
        assertThat(ReplyEmail.zone("Mars/Olympus")).isNull();
        assertThat(ReplyEmail.zone(null)).isNull();
        assertThat(ReplyEmail.zone("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
    }
}
