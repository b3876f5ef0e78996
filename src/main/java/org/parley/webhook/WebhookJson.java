package org.parley.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Wire shapes of webhooks, deliveries and attempts (docs/webhooks.md; times in epoch milliseconds). */
final class WebhookJson {
    private WebhookJson() {
    }

    static Map<String, Object> webhook(Webhook w, String secret) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", w.id());
        json.put("url", w.url());
        json.put("description", w.description());
        json.put("events", w.events());
        json.put("enabled", w.enabled());
        json.put("status", w.status().toLowerCase(Locale.ROOT));
        json.put("failing_since", w.failingSince());
        json.put("app_id", w.appId());
        json.put("previous_secret_until", w.previousSecret() == null ? null : w.previousSecretUntil());
        json.put("created_at", w.createdAt());
        json.put("updated_at", w.updatedAt());
        json.put("secret", secret);
        json.values().removeIf(java.util.Objects::isNull);
        return json;
    }

    static Map<String, Object> logged(WebhookService.Logged logged) {
        Map<String, Object> json = summary(logged.delivery());
        WebhookAttempt last = logged.last();
        if (last != null) {
            json.put("last_attempt", attempt(last));
        }
        return json;
    }

    static Map<String, Object> detail(WebhookService.Detail detail) {
        WebhookDelivery d = detail.delivery();
        Map<String, Object> json = summary(d);
        List<WebhookAttempt> attempts = detail.attempts();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Parley-Webhooks/1");
        headers.put("webhook-id", d.id());
        if (!attempts.isEmpty()) {
            headers.put("webhook-timestamp", Long.toString(attempts.getLast().startedAt() / 1000));
        }
        json.put("request", Map.of("headers", headers, "body", d.body()));
        json.put("attempts", attempts.stream().map(WebhookJson::attempt).toList());
        return json;
    }

    private static Map<String, Object> summary(WebhookDelivery d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("event", d.event());
        if (d.conversationId() != null) {
            json.put("conversation_id", d.conversationId());
        }
        json.put("status", d.status().toLowerCase(Locale.ROOT));
        json.put("replay_pending", d.replay());
        json.put("attempts", d.attempts());
        if (WebhookDelivery.PENDING.equals(d.status())) {
            json.put("next_attempt_at", d.nextAttemptAt());
        }
        json.put("created_at", d.createdAt());
        if (d.deliveredAt() != null) {
            json.put("delivered_at", d.deliveredAt());
        }
        return json;
    }

    private static Map<String, Object> attempt(WebhookAttempt a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attempt", a.attempt());
        json.put("started_at", a.startedAt());
        json.put("duration_ms", a.durationMs());
        json.put("status_code", a.statusCode());
        json.put("error", a.error());
        json.put("response", a.response());
        json.put("trigger", a.trigger().toLowerCase(Locale.ROOT));
        json.values().removeIf(java.util.Objects::isNull);
        return json;
    }
}
