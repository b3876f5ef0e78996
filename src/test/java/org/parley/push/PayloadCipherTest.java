package org.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 8291 Appendix A: the same keys, secret and salt must give the RFC's message byte for byte. */
class PayloadCipherTest {
    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String MESSAGE = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    @Test
    void reproducesTheRfc8291Example() throws Exception {
        var privateKey = KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(new BigInteger(1, b64(AS_PRIVATE)), P256.PARAMS));
        KeyPair ephemeral = new KeyPair(P256.decode(b64(AS_PUBLIC)), privateKey);
        byte[] message = PayloadCipher.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), P256.decode(b64(UA_PUBLIC)),
                b64(AUTH), ephemeral, b64(SALT));
        assertThat(P256.base64Url(message)).isEqualTo(MESSAGE);
    }

    @Test
    void eachMessageHasItsOwnSaltAndKeyAndFitsOneRecord() {
        PayloadCipher cipher = new PayloadCipher(new SecureRandom());
        byte[] a = cipher.encrypt(new byte[PayloadCipher.MAX_PLAINTEXT], P256.decode(b64(UA_PUBLIC)), b64(AUTH));
        byte[] b = cipher.encrypt(new byte[PayloadCipher.MAX_PLAINTEXT], P256.decode(b64(UA_PUBLIC)), b64(AUTH));
        assertThat(a).hasSize(4096);
        assertThat(java.util.Arrays.copyOf(a, 16)).isNotEqualTo(java.util.Arrays.copyOf(b, 16));
        assertThatThrownBy(() -> cipher.encrypt(new byte[PayloadCipher.MAX_PLAINTEXT + 1], P256.decode(b64(UA_PUBLIC)), b64(AUTH)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointsOffTheCurveAreRefused() {
        byte[] point = b64(UA_PUBLIC);
        assertThat(P256.isValidPoint(point)).isTrue();
        point[64] ^= 1;
        assertThat(P256.isValidPoint(point)).isFalse();
        assertThat(P256.isValidPoint(new byte[65])).as("0x00 prefix").isFalse();
        byte[] compressed = java.util.Arrays.copyOf(b64(UA_PUBLIC), 33);
        compressed[0] = 2;
        assertThat(P256.isValidPoint(compressed)).isFalse();
    }

    @Test
    void payloadsAreCutToFitAndUrlsAreNeverCut() {
        var notice = new org.parley.notify.PushChannel.PushNotice("Shop", "x".repeat(50_000), "https://p.example/me", "c1");
        String json = new String(WebPushChannel.payload(notice), StandardCharsets.UTF_8);
        assertThat(json).contains("\"url\":\"https://p.example/me\"").contains("\"tag\":\"c1\"");
        assertThat(json.length()).isLessThan(WebPushChannel.MAX_BODY + 200);
        var emoji = new org.parley.notify.PushChannel.PushNotice("Shop", "😀".repeat(3000), "https://p.example/" + "u".repeat(3000), "c1");
        String cut = new String(WebPushChannel.payload(emoji), StandardCharsets.UTF_8);
        assertThat(cut).doesNotContain("\"url\"").doesNotContain("\uFFFD");
    }

    @Test
    void theVapidAudienceIsTheEndpointsOrigin() {
        assertThat(WebPushChannel.origin(java.net.URI.create("https://FCM.googleapis.com:443/fcm/send/abc")))
                .isEqualTo("https://fcm.googleapis.com");
        assertThat(WebPushChannel.origin(java.net.URI.create("http://127.0.0.1:8123/push/x"))).isEqualTo("http://127.0.0.1:8123");
    }
}
