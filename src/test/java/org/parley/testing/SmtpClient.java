package org.parley.testing;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Sends a raw email to an SMTP server on 127.0.0.1 (Parley's reply-by-email listener), as a mail provider would. */
public final class SmtpClient {
    private SmtpClient() {
    }

    /** Sends {@code raw} (RFC 822) with the given envelope; throws what the server refuses (e.g. 550). */
    public static void send(int port, String envelopeFrom, String envelopeTo, String raw) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.from", envelopeFrom);
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))) {
            @Override
            protected void updateMessageID() {
                // keep the Message-ID of the raw email
            }
        };
        Transport.send(message, new InternetAddress[]{new InternetAddress(envelopeTo)});
    }
}
