package org.parley.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.http.ApiError;

/**
 * The signed identify's HMAC check (issue 11), against an oracle written apart: a hash verifies only when it is
 * the HMAC of the user id, or of the user id and email (any case), and everything else is a 400 (bad user id)
 * or a 403 invalid_identity, never another exception. Half the inputs start from a correct hash, which the
 * fuzzer then edits, so the accepting side is explored too.
 */
class SignedIdentityFuzzTest {
    @FuzzTest
    void verify(FuzzedDataProvider data) throws Exception {
        String secret = data.consumeBoolean() ? "is_" + data.consumeAsciiString(40) : data.consumeString(20);
        String userId = data.consumeString(220);
        String email = data.consumeBoolean() ? data.consumeString(60) : null;
        String hash = data.consumeBoolean() ? data.consumeString(70) : edit(data, hmac(secret, email != null
                && data.consumeBoolean() ? userId + "\n" + email : userId));
        SignedIdentityService.SignedIdentify identify = new SignedIdentityService.SignedIdentify(userId, hash, null, email, null);

        boolean badUserId = userId.isEmpty() || userId.length() > SignedIdentityService.MAX_USER_ID
                || userId.chars().anyMatch(c -> c < 0x20);
        String given = hash == null ? null : hash.toLowerCase(Locale.ROOT);
        boolean emailSigned = !secret.isEmpty() && email != null && hmac(secret, userId + "\n" + email).equals(given);
        boolean idSigned = !secret.isEmpty() && hmac(secret, userId).equals(given);
        try {
            boolean verified = SignedIdentityService.verify(secret, identify);
            assertThat(badUserId).as("accepted a bad user id").isFalse();
            assertThat(emailSigned || idSigned).as("accepted a hash that is not the HMAC").isTrue();
            assertThat(verified).isEqualTo(emailSigned);
        } catch (ApiError e) {
            if (badUserId) {
                assertThat(e.status()).isEqualTo(400);
            } else if (emailSigned || idSigned) {
                fail("refused the right HMAC: " + e.getMessage());
            } else {
                assertThat(e.code()).isEqualTo("invalid_identity");
                assertThat(e.status()).isEqualTo(403);
            }
        }
    }

    /** The correct hash, possibly changed: case, one character, cut or extended. */
    private static String edit(FuzzedDataProvider data, String hash) {
        if (hash == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(data.consumeBoolean() ? hash.toUpperCase(Locale.ROOT) : hash);
        switch (data.consumeInt(0, 3)) {
            case 0 -> out.setCharAt(data.consumeInt(0, out.length() - 1), data.consumeChar());
            case 1 -> out.setLength(data.consumeInt(0, out.length()));
            case 2 -> out.append(data.consumeString(4));
            default -> { }
        }
        return out.toString();
    }

    private static String hmac(String secret, String message) throws Exception {
        if (secret.isEmpty()) {
            return null;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
