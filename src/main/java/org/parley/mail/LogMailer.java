package org.parley.mail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development mode: without SMTP settings, emails are written to the log (links included, so a
 * developer can follow a password reset) and the newest 50 are kept in memory.
 */
public final class LogMailer implements Mailer {
    private static final Logger log = LoggerFactory.getLogger(LogMailer.class);
    private static final int KEEP = 50;

    /** An email as kept, with when it was handed over. */
    public record Kept(Email email, long at) {
    }

    private final Deque<Kept> outbox = new ArrayDeque<>();

    @Override
    public void send(Email email) {
        log.info("email (no PARLEY_SMTP_URL set, not sent) to={} subject=\"{}\"\n{}", email.to(), email.subject(), email.text());
        synchronized (outbox) {
            outbox.addFirst(new Kept(email, System.currentTimeMillis()));
            while (outbox.size() > KEEP) {
                outbox.removeLast();
            }
        }
    }

    /** The newest emails first. */
    public List<Kept> outbox() {
        synchronized (outbox) {
            return List.copyOf(outbox);
        }
    }
}
