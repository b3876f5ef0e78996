package org.parley.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.storage.Database;

/**
 * Stateless unsubscribe tokens: {@code base64url(workspace_id:contact_id).base64url(HMAC-SHA256)}, keyed by a
 * server secret kept in {@code notify_keys} (made on first use). They do not expire: an unsubscribe link in an
 * old email must keep working (RFC 8058), and all it can do is turn email off.
 */
final class UnsubscribeTokens {
    private static final String KEY_NAME = "unsubscribe_hmac";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    record Subject(String workspaceId, String contactId) {
    }

    private final Database db;
    private final NotificationRepository repository;
    private final SecureRandom random;
    private final Clock clock;
    private volatile byte[] key;

    UnsubscribeTokens(Database db, NotificationRepository repository, SecureRandom random, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.random = random;
        this.clock = clock;
    }

    String issue(String workspaceId, String contactId) {
        return issue(key(), workspaceId, contactId);
    }

    Optional<Subject> verify(String token) {
        return verify(key(), token);
    }

    static String issue(byte[] key, String workspaceId, String contactId) {
        String payload = ENCODER.encodeToString((workspaceId + ":" + contactId).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(key, payload));
    }

    /** The subject of a token made by {@link #issue} with this key; empty for anything else. Pure (fuzzed). */
    static Optional<Subject> verify(byte[] key, String token) {
        if (token == null || token.length() > 400) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        // The signature as issued, compared as text: a decoder also takes padding and other spellings of the same
        // bytes, and a token must verify in one spelling only (UnsubscribeTokensFuzzTest found "=" appended).
        byte[] expected = ENCODER.encodeToString(mac(key, payload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(token.substring(dot + 1).getBytes(StandardCharsets.UTF_8), expected)) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split(":", 2);
            return parts.length == 2 ? Optional.of(new Subject(parts[0], parts[1])) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            String stored = db.read(h -> repository.key(h, KEY_NAME)).orElseGet(() -> {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                // Any stripe will do: notify_keys is not tenant data. Two nodes racing keep the first insert.
                db.write(KEY_NAME, h -> {
                    repository.insertKey(h, KEY_NAME, ENCODER.encodeToString(fresh), clock.millis());
                    return null;
                });
                return db.read(h -> repository.key(h, KEY_NAME)).orElseThrow();
            });
            k = Base64.getUrlDecoder().decode(stored);
            key = k;
        }
        return k;
    }
}
