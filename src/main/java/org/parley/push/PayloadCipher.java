package org.parley.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for web push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): one
 * record, a fresh ephemeral P-256 key and salt per message. PayloadCipherTest checks it against the
 * RFC's Appendix A example.
 */
final class PayloadCipher {
    /** Record size written in the header; the whole message must fit one record. */
    static final int RECORD_SIZE = 4096;
    /** Header: salt (16) + rs (4) + idlen (1) + keyid (65 bytes: the ephemeral public key). */
    static final int HEADER_BYTES = 86;
    /**
     * The largest plaintext: push services need accept only 4096 bytes of body (RFC 8030 section 7.2),
     * minus the header, the padding delimiter and the 16-byte tag.
     */
    static final int MAX_PLAINTEXT = 4096 - HEADER_BYTES - 1 - 16;

    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random;

    PayloadCipher(SecureRandom random) {
        this.random = random;
    }

    /** Encrypts for the subscription's key {@code uaPublic} and secret {@code authSecret}. */
    byte[] encrypt(byte[] plaintext, ECPublicKey uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return encrypt(plaintext, uaPublic, authSecret, P256.generate(random), salt);
    }

    /** The deterministic core: the ephemeral key pair and salt are given (tests use the RFC's). */
    static byte[] encrypt(byte[] plaintext, ECPublicKey uaPublic, byte[] authSecret, KeyPair ephemeral, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("push payload over " + MAX_PLAINTEXT + " bytes");
        }
        if (authSecret.length != 16 || salt.length != 16) {
            throw new IllegalArgumentException("auth secret and salt are 16 bytes");
        }
        try {
            byte[] asPublic = P256.encode((ECPublicKey) ephemeral.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(uaPublic, true);
            byte[] ecdhSecret = agreement.generateSecret();

            // RFC 8291 section 3.4: the auth secret and both public keys go into the input keying material.
            byte[] prkKey = hmac(authSecret, ecdhSecret);
            byte[] ikm = hmac(prkKey, concat(KEY_INFO, P256.encode(uaPublic), asPublic, new byte[] {1}));
            // RFC 8188 section 2.2 and 2.3: content encryption key and nonce from the salt.
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, concat(CEK_INFO, new byte[] {1})), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, concat(NONCE_INFO, new byte[] {1})), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            // One record, so it is the last: delimiter 0x02, no further padding.
            byte[] ciphertext = cipher.doFinal(concat(plaintext, new byte[] {2}));

            return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
                    .put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("web push encryption failed", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
