package org.parley.mail;

/** One outgoing email, plain text. {@code replyTo} may be null. */
public record Email(String to, String subject, String text, String replyTo) {
}
