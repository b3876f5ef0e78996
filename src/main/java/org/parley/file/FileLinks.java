package org.parley.file;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.storage.Database;

/**
 * Signed plain links to a file, for where a browser cannot send credentials (an email, a push, a new tab): the
 * link names the file, the variant and an expiry, signed with a server key made on first start and kept in
 * {@code server_keys} (so links work on every node and across restarts). Nothing else about the caller is in it.
 */
final class FileLinks {
    static final String KEY_NAME = "file_links";
    private static final String WRITER_KEY = "server_keys";

    private final byte[] key;

    FileLinks(byte[] key) {
        this.key = key.clone();
    }

    /** Reads the stored key, or stores a new one; when two nodes race, both end up with the first stored. */
    static FileLinks loadOrCreate(Database db, Clock clock, SecureRandom random) {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(fresh);
        String stored = db.write(WRITER_KEY, h -> {
            h.createUpdate("INSERT INTO server_keys (name, value, created_at) VALUES (:name, :value, :now) "
                    + "ON CONFLICT (name) DO NOTHING").bind("name", KEY_NAME).bind("value", candidate)
                    .bind("now", clock.millis()).execute();
            return h.createQuery("SELECT value FROM server_keys WHERE name = :name").bind("name", KEY_NAME)
                    .mapTo(String.class).one();
        });
        return new FileLinks(Base64.getUrlDecoder().decode(stored));
    }

    /** The signature of a link to {@code fileId} ({@code thumbnail} or the file) valid until {@code expires} (epoch s). */
    String sign(String fileId, boolean thumbnail, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((fileId + "|" + (thumbnail ? "thumbnail" : "file") + "|" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code signature} is the one of these fields (compared in constant time); expiry is the caller's check. */
    boolean verify(String fileId, boolean thumbnail, long expires, String signature) {
        if (signature == null || signature.length() > 100) {
            return false;
        }
        return MessageDigest.isEqual(sign(fileId, thumbnail, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
