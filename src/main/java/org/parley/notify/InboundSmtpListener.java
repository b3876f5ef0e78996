package org.parley.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.parley.http.ApiError;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.server.SMTPServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in SMTP listener for replies by email (SubEthaSMTP), on PARLEY_SMTP_LISTEN_HOST:PORT. It accepts
 * only our valid {@code reply+TOKEN@} recipients (550 at RCPT TO otherwise), reads at most 1 MB, and hands the
 * message to {@link InboundEmailService}: attached or quarantined → 250; unknown token or nothing to attach → 550.
 */
public final class InboundSmtpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundSmtpListener.class);

    private final SMTPServer server;

    public InboundSmtpListener(InboundEmailService inbound, String host, int port, String hostName) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("PARLEY_SMTP_LISTEN_HOST is not an address: " + host, e);
        }
        this.server = SMTPServer.port(port)
                .bindAddress(bind)
                .hostName(hostName)
                .softwareName("Parley")
                .maxMessageSize(InboundEmailService.MAX_BYTES)
                .maxRecipients(10)
                .maxConnections(100)
                .connectionTimeoutMs(60_000)
                .messageHandlerFactory(context -> new Handler(inbound, context))
                .build();
    }

    public void start() {
        server.start();
        log.info("reply-by-email SMTP listener on {}", server.getDisplayableLocalSocketAddress());
    }

    @Override
    public void close() {
        server.stop();
    }

    private static final class Handler implements MessageHandler {
        private final InboundEmailService inbound;
        private final List<String> recipients = new ArrayList<>();

        Handler(InboundEmailService inbound, MessageContext context) {
            this.inbound = inbound;
        }

        @Override
        public void from(String from) {
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (!inbound.acceptsRecipient(recipient)) {
                throw new RejectException(550, "5.1.1 No such reply address (unknown or expired)");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
            byte[] raw = data.readNBytes(InboundEmailService.MAX_BYTES + 1);
            if (raw.length > InboundEmailService.MAX_BYTES) {
                throw new TooMuchDataException("Message over 1 MB");
            }
            InboundEmailService.Result result;
            try {
                result = inbound.receive(raw, recipients);
            } catch (ApiError e) {
                throw new RejectException(e.status() >= 500 ? 451 : 550, "Cannot attach this reply: " + e.getMessage());
            } catch (RuntimeException e) {
                log.error("notify: inbound email failed", e);
                throw new RejectException(451, "4.3.0 Try again later");
            }
            return switch (result.outcome()) {
                case ATTACHED, DUPLICATE, QUARANTINED -> null;
                default -> throw new RejectException(550, "5.7.1 Not accepted: " + result.outcome().code);
            };
        }

        @Override
        public void done() {
        }
    }
}
