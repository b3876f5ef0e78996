package org.parley.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (docs/webhooks.md): {@code v1,} + base64 of HMAC-SHA256, keyed with the bytes the
 * secret ({@code whsec_} + base64) encodes, over {@code id + "." + timestamp + "." + body}. Several secrets (a
 * rotation's overlap) give several space-separated entries.
 */
public final class WebhookSignature {
    static final String PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value: one {@code v1,...} entry per secret. */
    public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(s -> "v1," + sign(s, id, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    /** The base64 HMAC-SHA256 of the signed content under one secret. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] key(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    /** A new secret: whsec_ + base64 of 32 random bytes. */
    static String newSecret(java.security.SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }
}
