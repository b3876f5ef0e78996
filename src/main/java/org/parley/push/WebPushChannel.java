package org.parley.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.parley.http.Json;
import org.parley.notify.PushChannel;
import org.parley.outbound.OutboundRefused;
import org.parley.outbound.GuardedHttp;
import org.parley.outbound.UrlGuard;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web push to every browser of a contact (docs/push.md): payloads encrypted per RFC 8291
 * ({@code aes128gcm}), requests signed with VAPID (RFC 8292), sent with the {@link GuardedHttp} client: each
 * endpoint's host is resolved once and every address checked by the {@link UrlGuard} at connect time. A 404 or 410 deletes the
 * subscription; anything else that is not 2xx (a redirect too, or a refusal of the guard) counts as failed
 * and is not counted in what {@link #push} returns.
 */
public final class WebPushChannel implements PushChannel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebPushChannel.class);
    /** How long a push service keeps a message for an offline browser. */
    static final Duration TTL = Duration.ofHours(24);
    /** VAPID JWT lifetime; RFC 8292 allows at most 24 hours. */
    static final Duration JWT_LIFETIME = Duration.ofHours(12);
    static final int MAX_TITLE = 200;
    static final int MAX_BODY = 1000;
    static final int MAX_URL = 2000;

    private final PushSubscriptionService subscriptions;
    private final VapidKeys keys;
    private final PayloadCipher cipher;
    private final String subject;
    private final Clock clock;
    private final GuardedHttp client;

    public WebPushChannel(Database db, PushSubscriptionService subscriptions, Clock clock, SecureRandom random,
                          String subject, UrlGuard guard) {
        this.subscriptions = subscriptions;
        this.keys = VapidKeys.loadOrCreate(db, clock, random);
        this.cipher = new PayloadCipher(random);
        this.subject = subject;
        this.clock = clock;
        // The guarded client: the endpoint's host resolved once and every address checked at connect time, and
        // redirects never followed (a 3xx could point at 169.254.169.254): a 3xx is a failed push.
        this.client = new GuardedHttp(guard, Duration.ofSeconds(5));
    }

    /** The VAPID public key, base64url (uncompressed P-256): the browser's {@code applicationServerKey}. */
    public String vapidPublicKey() {
        return keys.publicKey();
    }

    @Override
    public int push(String workspaceId, String contactId, PushNotice notice) {
        byte[] payload = payload(notice);
        int accepted = 0;
        for (PushSubscription subscription : subscriptions.listForContact(workspaceId, contactId)) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (send(subscription, payload)) {
                accepted++;
            }
        }
        return accepted;
    }

    private boolean send(PushSubscription s, byte[] payload) {
        URI endpoint;
        String service;
        try {
            endpoint = URI.create(s.endpoint());
            service = origin(endpoint);
        } catch (RuntimeException e) {
            // Validated when stored; a row that still does not parse fails alone.
            LOG.warn("push failed subscription={} error=unusable endpoint", s.id());
            return false;
        }
        int status;
        try {
            byte[] body = cipher.encrypt(payload, P256.decode(P256.fromBase64Url(s.p256dh())), P256.fromBase64Url(s.auth()));
            Map<String, String> headers = Map.of(
                    "Authorization", keys.authorization(service, subject, clock.instant().plus(JWT_LIFETIME)),
                    "Content-Encoding", "aes128gcm",
                    "TTL", Long.toString(TTL.toSeconds()),
                    "Urgency", "normal");
            status = client.post(endpoint, headers, body, "application/octet-stream", Duration.ofSeconds(10), 4096).status();
        } catch (OutboundRefused e) {
            LOG.warn("push refused subscription={} service={} reason={}", s.id(), service, e.getMessage());
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("push failed subscription={} service={} error=timeout", s.id(), service);
            return false;
        } catch (IOException | RuntimeException e) {
            // The class only: messages of network errors may carry the endpoint URL, a capability.
            LOG.warn("push failed subscription={} service={} error={}", s.id(), service, e.getClass().getSimpleName());
            return false;
        }
        if (status >= 200 && status < 300) {
            subscriptions.markSuccess(s);
            LOG.info("push sent subscription={} service={} status={}", s.id(), service, status);
            return true;
        }
        if (status == 404 || status == 410) {
            subscriptions.delete(s);
            LOG.info("push gone subscription={} service={} status={} (subscription deleted)", s.id(), service, status);
            return false;
        }
        // 3xx included: redirects are never followed.
        LOG.warn("push failed subscription={} service={} status={}", s.id(), service, status);
        return false;
    }

    /** {@code {title, body, url, tag}} as JSON, cut so the encrypted message fits one 4 KB record. */
    static byte[] payload(PushNotice notice) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("title", cut(notice.title(), MAX_TITLE));
        String url = notice.url() != null && notice.url().length() <= MAX_URL ? notice.url() : null;
        json.put("url", url);
        json.put("tag", cut(notice.tag(), MAX_TITLE));
        String body = cut(notice.body(), MAX_BODY);
        while (true) {
            json.put("body", body);
            byte[] bytes = toJson(json);
            if (bytes.length <= PayloadCipher.MAX_PLAINTEXT || body == null || body.isEmpty()) {
                return bytes;
            }
            body = body.length() <= 2 ? "" : cut(body, body.length() / 2);
        }
    }

    /** The VAPID audience: scheme://host[:port] of the endpoint, the default port left out. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    private static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "…";
    }

    private static byte[] toJson(Map<String, String> json) {
        try {
            return Json.MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
