package org.parley.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import org.parley.storage.Database;

/**
 * The server's VAPID key pair (RFC 8292): made on first start, kept in {@code server_keys} so that
 * subscriptions (which are bound to the public key) survive restarts and work on every node.
 * Stored as {@code p256:<public point, base64url>:<PKCS#8 private key, base64url>}.
 */
final class VapidKeys {
    static final String NAME = "vapid";
    /** server_keys is not tenant data; its writes go to a fixed writer stripe. */
    private static final String WRITER_KEY = "server_keys";

    private final KeyPair pair;
    private final String publicKey;

    private VapidKeys(KeyPair pair) {
        this.pair = pair;
        this.publicKey = P256.base64Url(P256.encode((ECPublicKey) pair.getPublic()));
    }

    /** Reads the stored pair, or stores a new one; when two nodes race, both end up with the first stored. */
    static VapidKeys loadOrCreate(Database db, Clock clock, SecureRandom random) {
        KeyPair fresh = P256.generate(random);
        String candidate = "p256:" + P256.base64Url(P256.encode((ECPublicKey) fresh.getPublic())) + ":"
                + P256.base64Url(fresh.getPrivate().getEncoded());
        String stored = db.write(WRITER_KEY, h -> {
            h.createUpdate("INSERT INTO server_keys (name, value, created_at) VALUES (:name, :value, :now) "
                            + "ON CONFLICT (name) DO NOTHING")
                    .bind("name", NAME).bind("value", candidate).bind("now", clock.millis()).execute();
            return h.createQuery("SELECT value FROM server_keys WHERE name = :name").bind("name", NAME)
                    .mapTo(String.class).one();
        });
        return new VapidKeys(parse(stored));
    }

    /** The uncompressed public key, base64url: the browser's applicationServerKey and the {@code k} parameter. */
    String publicKey() {
        return publicKey;
    }

    /** {@code vapid t=<ES256 JWT>, k=<public key>} for a push service origin; the JWT expires at {@code expires}. */
    String authorization(String audience, String subject, Instant expires) {
        String header = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
        String claims = b64("{\"aud\":" + quote(audience) + ",\"exp\":" + expires.getEpochSecond()
                + ",\"sub\":" + quote(subject) + "}");
        String signingInput = header + "." + claims;
        try {
            // JWS wants the raw r || s form (RFC 7518 section 3.4), not DER.
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(pair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String jwt = signingInput + "." + P256.base64Url(signature.sign());
            return "vapid t=" + jwt + ", k=" + publicKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("VAPID signing failed", e);
        }
    }

    private static KeyPair parse(String stored) {
        String[] parts = stored.split(":");
        if (parts.length != 3 || !parts[0].equals("p256")) {
            throw new IllegalStateException("server_keys 'vapid' is not in the p256:<public>:<private> format");
        }
        try {
            ECPublicKey publicKey = P256.decode(P256.fromBase64Url(parts[1]));
            var privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(P256.fromBase64Url(parts[2])));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("server_keys 'vapid' cannot be read", e);
        }
    }

    private static String b64(String json) {
        return P256.base64Url(json.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON string literal; audience and subject come from config and URLs, escaped anyway. */
    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
