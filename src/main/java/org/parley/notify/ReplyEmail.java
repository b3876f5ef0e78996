package org.parley.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import org.parley.mail.Email;

/**
 * The email about unseen replies (docs/notifications.md): the customer's question, the thread's last messages
 * with the new replies marked, the business's name and colour, in the visitor's language; a plain-text part and
 * an HTML alternative ({@link ReplyEmailHtml}) in which every business, visitor and bot text is escaped.
 */
final class ReplyEmail {
    /** What the email says. {@code zone} is the visitor's time zone, null when unknown (times are then UTC, said so). */
    record Content(String business, EmailTheme theme, ReplyEmailTexts texts, ZoneId zone, ReplyEmailThread.Context thread,
                   int replies) {

        String subject() {
            return texts.subject(replies, business);
        }

        /** A message's time in the visitor's language and zone, e.g. "27 nov. 2026 14:04". */
        String when(long at) {
            DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                    .withLocale(Locale.forLanguageTag(texts.language())).withZone(zone == null ? ZoneOffset.UTC : zone);
            // The JDK puts a narrow no-break space before AM/PM, which some mail fonts lack.
            return format.format(Instant.ofEpochMilli(at)).replace('\u202f', '\u00a0') + (zone == null ? " UTC" : "");
        }

        /** "Label: " in the language (French: "Label : "). */
        String label(String text) {
            return text + texts.colon();
        }
    }

    /** Where the email goes and the links it carries. */
    record Addressing(String to, String continueUrl, String unsubscribeUrl, String replyTo, String messageId) {
    }

    private ReplyEmail() {
    }

    /** The recorded time zone, or null (UTC, said so) when none was recorded or this JVM does not know it. */
    static ZoneId zone(String recorded) {
        try {
            return recorded == null ? null : ZoneId.of(recorded);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    static Email render(Content content, Addressing addressing) {
        Map<String, String> headers = Map.of(
                "List-Unsubscribe", "<" + addressing.unsubscribeUrl() + ">",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click",
                "Auto-Submitted", "auto-generated",
                "Message-ID", addressing.messageId());
        return new Email(addressing.to(), content.subject(), text(content, addressing), addressing.replyTo(),
                content.business() + " via Parley", ReplyEmailHtml.render(content, addressing), headers);
    }

    static String text(Content content, Addressing addressing) {
        ReplyEmailTexts texts = content.texts();
        StringBuilder text = new StringBuilder();
        text.append(texts.intro(content.business())).append("\n\n");
        if (!content.thread().question().isEmpty()) {
            text.append(content.label(texts.question()).stripTrailing()).append('\n');
            for (ReplyEmailThread.Line line : content.thread().question()) {
                text.append(line.text()).append('\n');
            }
            text.append('\n');
        }
        text.append(content.label(texts.history()).stripTrailing()).append("\n\n");
        for (ReplyEmailThread.Line line : content.thread().history()) {
            if (line.isNew()) {
                text.append('[').append(texts.newMark().toUpperCase(Locale.forLanguageTag(texts.language()))).append("] ");
            }
            text.append(line.fromCustomer() ? texts.you() : line.author()).append(" · ").append(content.when(line.at()))
                    .append('\n').append(line.text()).append(line.text().isEmpty() ? "" : "\n");
            for (ReplyEmailThread.FileLink file : line.files()) {
                text.append("\uD83D\uDCCE ").append(file.name()).append(" (").append(file.size()).append("): ")
                        .append(file.url()).append('\n');
            }
            text.append('\n');
        }
        text.append(content.label(texts.cta())).append(addressing.continueUrl()).append("\n\n")
                .append(texts.replyHint()).append("\n\n")
                .append("-- \n").append(texts.footer(content.business())).append('\n')
                .append(content.label(texts.unsubscribe())).append(addressing.unsubscribeUrl()).append('\n');
        return text.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
