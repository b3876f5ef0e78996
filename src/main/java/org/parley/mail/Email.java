package org.parley.mail;

import java.util.Map;

/**
 * One outgoing email: plain text, optionally with an HTML alternative. {@code replyTo}, {@code fromName} (a
 * display name for the configured sender address, e.g. "Donni Charm via Parley") and {@code html} may be null;
 * {@code headers} are extra headers (List-Unsubscribe, Message-ID...), never null.
 */
public record Email(String to, String subject, String text, String replyTo, String fromName, String html,
                    Map<String, String> headers) {
    public Email {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        // Subjects and sender names carry people's names: one plain line without bidi controls.
        subject = org.parley.http.DisplayText.clean(subject);
        fromName = org.parley.http.DisplayText.clean(fromName);
    }

    public Email(String to, String subject, String text, String replyTo) {
        this(to, subject, text, replyTo, null, null, Map.of());
    }
}
