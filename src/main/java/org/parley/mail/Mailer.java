package org.parley.mail;

/** Sends email. {@link SmtpMailer} with PARLEY_SMTP_URL set, {@link LogMailer} without (development). */
public interface Mailer {
    /** Sends now; throws {@link MailException} when the server refuses or cannot be reached. */
    void send(Email email);

    final class MailException extends RuntimeException {
        public MailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
