package org.parley.notify;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.parley.file.FileService;
import org.parley.identity.VisitorPrincipal;
import org.parley.message.MessageService;
import org.parley.message.SendMessage;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reply by email, for the SMTP listener and the HTTP endpoint alike: find our {@code reply+TOKEN@} recipient,
 * check the token and that the sender is the mailbox it was issued to, cut quoted history and signatures, and
 * send the text through {@link MessageService#send} as the contact. Every email is logged in inbound_emails;
 * a sender that does not match is quarantined there and never attached.
 */
public final class InboundEmailService {
    private static final Logger log = LoggerFactory.getLogger(InboundEmailService.class);
    /** An email with a photo or two (base64 makes 10 MB of files about 13.5 MB of email). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final int MAX_STORED = 64 * 1024;

    /** How an email ended. {@code code} is stable (HTTP error codes, logs). */
    public enum Outcome {
        ATTACHED("attached"), DUPLICATE("attached"), QUARANTINED("sender_mismatch"), UNKNOWN_TOKEN("unknown_reply_address"),
        NO_RECIPIENT("no_reply_address"), EMPTY("empty_reply"), UNREADABLE("unreadable_email");

        public final String code;

        Outcome(String code) {
            this.code = code;
        }
    }

    public record Result(Outcome outcome, String conversationId, String messageId) {
    }

    private final Database db;
    private final NotificationRepository repository;
    private final ReplyAddresses addresses;
    private final MessageService messages;
    private final Ids ids;
    private final Clock clock;
    private final FileService files;
    private final Session session = Session.getInstance(new Properties());

    InboundEmailService(Database db, NotificationRepository repository, ReplyAddresses addresses, MessageService messages,
                        Ids ids, Clock clock, FileService files) {
        this.files = files;
        this.db = db;
        this.repository = repository;
        this.addresses = addresses;
        this.messages = messages;
        this.ids = ids;
        this.clock = clock;
    }

    /** Whether an SMTP recipient is one of our valid reply addresses (checked at RCPT TO). */
    public boolean acceptsRecipient(String address) {
        return addresses.tokenOf(address).flatMap(addresses::resolve).isPresent();
    }

    /**
     * Handles one raw RFC 822 email. {@code envelopeRecipients} are the SMTP RCPT TO addresses (empty over HTTP,
     * where the To and Cc headers are read instead).
     */
    public Result receive(byte[] raw, List<String> envelopeRecipients) {
        Envelope envelope = read(session, raw, envelopeRecipients).orElse(null);
        if (envelope == null) {
            return log(Outcome.UNREADABLE, null, null, null, null, null, raw);
        }
        String from = envelope.from();
        String messageIdHeader = envelope.messageId();
        List<String> recipients = envelope.recipients();
        Optional<String> token = recipients.stream().map(addresses::tokenOf).flatMap(Optional::stream).findFirst();
        if (token.isEmpty()) {
            return log(Outcome.NO_RECIPIENT, null, null, from, messageIdHeader, null, raw);
        }
        var address = addresses.resolve(token.get()).orElse(null);
        if (address == null) {
            return log(Outcome.UNKNOWN_TOKEN, null, null, from, messageIdHeader, null, raw);
        }
        if (from == null || !from.equals(address.email())) {
            log.warn("notify: inbound email for conversation {} from {} (issued to another address) quarantined",
                    address.conversationId(), from);
            return log(Outcome.QUARANTINED, address.workspaceId(), address.conversationId(), from, messageIdHeader, null, raw);
        }
        String text = replyText(envelope.email()).orElse(null);
        if (text == null) {
            return log(Outcome.UNREADABLE, address.workspaceId(), address.conversationId(), from, messageIdHeader, null, raw);
        }
        VisitorPrincipal contact = new VisitorPrincipal(address.workspaceId(), address.visitorId(), address.contactId());
        // A redelivered email carries the same Message-ID: the same client_msg_id makes the send idempotent, and a
        // redelivery is known before its files are stored again (they would be new files, and the send a 409).
        String clientMsgId = "email:" + Secrets.digest(messageIdHeader != null ? messageIdHeader
                : new String(raw, StandardCharsets.ISO_8859_1)).substring(0, 40);
        var earlier = messages.findSent(contact, address.conversationId(), clientMsgId);
        if (earlier.isPresent()) {
            return log(Outcome.DUPLICATE, address.workspaceId(), address.conversationId(), from, messageIdHeader,
                    earlier.get().id(), raw);
        }
        List<String> attached = EmailAttachments.store(envelope.email(), contact, files);
        if (text.isBlank() && attached.isEmpty()) {
            return log(Outcome.EMPTY, address.workspaceId(), address.conversationId(), from, messageIdHeader, null, raw);
        }
        if (text.codePointCount(0, text.length()) > MessageService.MAX_TEXT) {
            text = text.substring(0, text.offsetByCodePoints(0, MessageService.MAX_TEXT - 1)) + "…";
        }
        text = text.replace("\u0000", "");
        var sent = messages.send(contact, new SendMessage(address.conversationId(), clientMsgId, text, false, List.of(),
                null, null, attached));
        Outcome outcome = sent.duplicate() ? Outcome.DUPLICATE : Outcome.ATTACHED;
        return log(outcome, address.workspaceId(), address.conversationId(), from, messageIdHeader, sent.message().id(), raw);
    }

    private Result log(Outcome outcome, String workspaceId, String conversationId, String from, String messageIdHeader,
                       String messageId, byte[] raw) {
        String status = switch (outcome) {
            case ATTACHED, DUPLICATE -> "attached";
            case QUARANTINED -> "quarantined";
            default -> "refused";
        };
        // A quarantined email is kept whole (up to 64 KB) for an admin to look at; others by their headers only.
        String stored = outcome == Outcome.QUARANTINED
                ? new String(raw, 0, Math.min(raw.length, MAX_STORED), StandardCharsets.UTF_8).replace("\u0000", "") : null;
        String key = workspaceId != null ? workspaceId : "inbound";
        try {
            db.write(key, h -> {
                repository.insertInbound(h, ids.newId(), workspaceId, conversationId, status,
                        outcome == Outcome.ATTACHED ? null : outcome.code, cut(from), cut(messageIdHeader), messageId,
                        stored, clock.millis());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("notify: logging an inbound email failed: {}", e.toString());
        }
        return new Result(outcome, conversationId, messageId);
    }

    private static String cut(String s) {
        return s == null ? null : s.length() <= 500 ? s.replace("\u0000", "") : s.substring(0, 500).replace("\u0000", "");
    }

    /** A parsed email with its sender (lower-cased), Message-ID and recipients, as {@link #receive} reads them. */
    record Envelope(MimeMessage email, String from, String messageId, List<String> recipients) {
    }

    /**
     * Parses a raw email; the recipients are the SMTP ones, else those of the Delivered-To, X-Original-To, To and
     * Cc headers. Empty when it cannot be read: Jakarta Mail also throws unchecked exceptions on some malformed
     * input (an IndexOutOfBoundsException for a folded header line before any header, found by InboundMailFuzzTest),
     * and an email that cannot be read is refused, never retried.
     */
    static Optional<Envelope> read(Session session, byte[] raw, List<String> envelopeRecipients) {
        try {
            MimeMessage email = new MimeMessage(session, new ByteArrayInputStream(raw));
            List<String> recipients = new ArrayList<>(envelopeRecipients);
            Address[] fromHeader = email.getFrom();
            String from = fromHeader == null || fromHeader.length == 0 ? null
                    : ((InternetAddress) fromHeader[0]).getAddress().toLowerCase(Locale.ROOT);
            if (recipients.isEmpty()) {
                for (String header : List.of("Delivered-To", "X-Original-To", "To", "Cc")) {
                    String[] values = email.getHeader(header);
                    if (values != null) {
                        for (String value : values) {
                            for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
                                recipients.add(a.getAddress());
                            }
                        }
                    }
                }
            }
            return Optional.of(new Envelope(email, from, email.getMessageID(), recipients));
        } catch (MessagingException | RuntimeException e) {
            log.debug("notify: unreadable inbound email: {}", e.toString());
            return Optional.empty();
        }
    }

    /** The reply's new text (quoted history cut, {@link ReplyText#strip}); empty when the body cannot be read. */
    static Optional<String> replyText(MimeMessage email) {
        try {
            return Optional.of(ReplyText.strip(textOf(email)));
        } catch (MessagingException | IOException | RuntimeException e) {
            log.debug("notify: unreadable inbound email body: {}", e.toString());
            return Optional.empty();
        }
    }

    /** The text/plain part, else the text of the text/html part. */
    static String textOf(Part part) throws MessagingException, IOException {
        String plain = find(part, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(part, "text/html");
        return html == null ? "" : ReplyText.fromHtml(html);
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
