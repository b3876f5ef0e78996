package org.parley.notify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.storage.Database;
import org.parley.storage.Secrets;

/**
 * {@code reply+TOKEN@<reply domain>} addresses. The token is 160 random bits in lower-case base32 (32 characters:
 * mail systems may change the case of a local part), stored only as its SHA-256 digest and bound to the
 * conversation, the contact and the mailbox the email went to. Valid for 90 days.
 */
final class ReplyAddresses {
    static final Duration LIFETIME = Duration.ofDays(90);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern ADDRESS = Pattern.compile("^reply\\+([a-z2-7]{32})@(.+)$");

    private final Database db;
    private final NotificationRepository repository;
    private final SecureRandom random;
    private final Clock clock;
    private final String domain;

    ReplyAddresses(Database db, NotificationRepository repository, SecureRandom random, Clock clock, String domain) {
        this.db = db;
        this.repository = repository;
        this.random = random;
        this.clock = clock;
        this.domain = domain;
    }

    /** A new reply address for an email to {@code email} about the conversation. */
    String issue(String workspaceId, String conversationId, String contactId, String visitorId, String email) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        StringBuilder token = new StringBuilder(32);
        for (int i = 0; i < 160; i += 5) {
            int bits = 0;
            for (int b = 0; b < 5; b++) {
                int bit = i + b;
                bits = (bits << 1) | ((bytes[bit / 8] >> (7 - bit % 8)) & 1);
            }
            token.append(BASE32[bits]);
        }
        long now = clock.millis();
        db.write(workspaceId, h -> {
            repository.insertReplyAddress(h, Secrets.digest(token.toString()), workspaceId, conversationId, contactId,
                    visitorId, email.toLowerCase(Locale.ROOT), now, now + LIFETIME.toMillis());
            return null;
        });
        return "reply+" + token + "@" + domain;
    }

    /** The token of a reply address of ours (any case), or empty when the address is not one. */
    Optional<String> tokenOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        Matcher m = ADDRESS.matcher(a);
        return m.matches() && m.group(2).equals(domain.toLowerCase(Locale.ROOT)) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** What the token was issued for, while it is valid. */
    Optional<NotificationRepository.ReplyAddress> resolve(String token) {
        long now = clock.millis();
        return db.read(h -> repository.findReplyAddress(h, Secrets.digest(token))).filter(a -> a.expiresAt() > now);
    }
}
