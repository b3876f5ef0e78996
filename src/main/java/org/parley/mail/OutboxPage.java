package org.parley.mail;

import java.time.Instant;
import java.util.List;

/**
 * The development outbox: the emails the {@link LogMailer} kept, newest first, as a plain HTML page at
 * {@code /dev/outbox}. Only served when no SMTP server is configured and PARLEY_DEV_OUTBOX=on (the
 * default of {@code ./parley run}): it shows every email of the server, password reset links included.
 */
public final class OutboxPage {
    private OutboxPage() {
    }

    public static String render(List<LogMailer.Kept> emails) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parley outbox (development)</title>
                <meta name="viewport" content="width=device-width"></head><body style="font-family:sans-serif;max-width:50rem;margin:auto">
                <h1>Outbox (development)</h1>
                <p>No PARLEY_SMTP_URL is set, so these emails were not sent. Newest first, at most 50.</p>
                """);
        if (emails.isEmpty()) {
            html.append("<p>No emails yet.</p>");
        }
        for (LogMailer.Kept kept : emails) {
            Email email = kept.email();
            html.append("<article><h2>").append(escape(email.subject())).append("</h2><p>To ").append(escape(email.to()))
                    .append(" · ").append(escape(Instant.ofEpochMilli(kept.at()).toString()))
                    .append(email.replyTo() == null ? "" : " · Reply-To " + escape(email.replyTo()))
                    .append("</p><pre style=\"white-space:pre-wrap\">").append(escape(email.text())).append("</pre></article><hr>");
        }
        return html.append("</body></html>").toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
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
