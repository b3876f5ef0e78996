package org.parley.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on a free loopback port, for tests of what Parley emails. */
public final class MailServer implements AutoCloseable {
    private final GreenMail greenMail;
    private final int port;

    public MailServer() {
        this(freePort());
    }

    /** A server on a given port: a test can stop one and start another where Parley sends (an SMTP outage). */
    public MailServer(int port) {
        this.port = port;
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The text/plain part of an email (the whole content when it is not multipart). */
    public static String plainText(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The part of the given MIME type (text/plain, text/html), or null. */
    public static String part(MimeMessage message, String type) {
        try {
            if (message.isMimeType(type)) {
                return message.getContent().toString();
            }
            if (message.getContent() instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    if (multipart.getBodyPart(i).isMimeType(type)) {
                        return multipart.getBodyPart(i).getContent().toString();
                    }
                }
            }
            return null;
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "smtp://127.0.0.1:" + port;
    }

    /** Waits up to 10 s for an email to {@code to} and returns the newest one. */
    public MimeMessage awaitTo(String to) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> found = to(to);
            if (!found.isEmpty()) {
                return found.get(found.size() - 1);
            }
            greenMail.waitForIncomingEmail(200, greenMail.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no email to " + to + " within 10 s");
    }

    public List<MimeMessage> to(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(to));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    public static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first match of group 1 of {@code pattern} in the message text. */
    public static String extract(MimeMessage message, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text(message));
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in: " + text(message));
        }
        return m.group(1);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
