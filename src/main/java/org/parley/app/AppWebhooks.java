package org.parley.app;

import java.util.List;
import java.util.Map;

/**
 * The webhook feature as apps use it (implemented in Wiring by webhook.WebhookService): each app has one webhook,
 * whose deliveries also say whether the app owned the thread at the event ({@code standby}, docs/apps.md).
 */
public interface AppWebhooks {
    /** A new secret and the webhook it signs. */
    record Created(String webhookId, String secret) {
    }

    /** Creates the app's webhook; the URL and events are checked as any webhook's (400 naming the problem). */
    Created create(String workspaceId, String appId, String url, List<String> events);

    void update(String workspaceId, String webhookId, String url, List<String> events);

    void delete(String workspaceId, String webhookId);

    /** The webhook as its admin route shows it (url, events, status, ...), or an empty map when it is gone. */
    Map<String, Object> view(String workspaceId, String webhookId);
}
