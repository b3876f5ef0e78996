package org.parley.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends through an SMTP server named by a URL: {@code smtp://[user:password@]host[:port]} (STARTTLS
 * when the server offers it; {@code ?starttls=required} insists) or {@code smtps://...} (TLS from the
 * start). User and password are URL-decoded.
 */
public final class SmtpMailer implements Mailer {
    private static final int TIMEOUT_MS = 20_000;

    private final Session session;
    private final String user;
    private final String password;
    private final InternetAddress from;

    public SmtpMailer(String url, String from) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
            throw new IllegalArgumentException("PARLEY_SMTP_URL must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("PARLEY_SMTP_URL needs a host");
        }
        boolean tls = "smtps".equals(scheme);
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            this.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            this.password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        } else {
            this.user = null;
            this.password = null;
        }
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        Properties props = new Properties();
        String p = tls ? "mail.smtps." : "mail.smtp.";
        props.put(p + "host", uri.getHost());
        props.put(p + "port", String.valueOf(port));
        props.put(p + "auth", String.valueOf(user != null));
        props.put(p + "connectiontimeout", String.valueOf(TIMEOUT_MS));
        props.put(p + "timeout", String.valueOf(TIMEOUT_MS));
        props.put(p + "writetimeout", String.valueOf(TIMEOUT_MS));
        if (!tls) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", String.valueOf(query.contains("starttls=required")));
        } else {
            props.put("mail.smtps.ssl.checkserveridentity", "true");
        }
        props.put("mail.transport.protocol", scheme);
        this.session = Session.getInstance(props);
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("PARLEY_MAIL_FROM is not an email address: " + from, e);
        }
    }

    @Override
    public void send(Email email) {
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    // A Message-ID given by the caller stays (a retried notification keeps its id).
                    if (getHeader("Message-ID") == null) {
                        super.updateMessageID();
                    }
                }
            };
            message.setFrom(email.fromName() == null ? from
                    : new InternetAddress(from.getAddress(), email.fromName(), "UTF-8"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), true));
            if (email.replyTo() != null) {
                message.setReplyTo(new InternetAddress[]{new InternetAddress(email.replyTo(), true)});
            }
            message.setSubject(email.subject(), "UTF-8");
            if (email.html() == null) {
                message.setText(email.text(), "UTF-8");
            } else {
                MimeMultipart alternative = new MimeMultipart("alternative");
                MimeBodyPart plain = new MimeBodyPart();
                plain.setText(email.text(), "UTF-8");
                MimeBodyPart html = new MimeBodyPart();
                html.setText(email.html(), "UTF-8", "html");
                alternative.addBodyPart(plain);
                alternative.addBodyPart(html);
                message.setContent(alternative);
            }
            for (var header : email.headers().entrySet()) {
                message.setHeader(header.getKey(), header.getValue());
            }
            message.setSentDate(new Date());
            message.saveChanges();
            try (Transport transport = session.getTransport()) {
                transport.connect(user, password);
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new MailException("sending email failed: " + e.getMessage(), e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
