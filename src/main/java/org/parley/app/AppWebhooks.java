package org.parley.app;

import java.util.List;
import java.util.Map;

/**
 * The webhook feature as apps use it (implemented in Wiring by webhook.WebhookService): each app has one webhook,
 * found by the app's id, whose deliveries also say whether the app owned the thread at the event ({@code standby},
 * docs/apps.md).
 */
public interface AppWebhooks {
    /** Creates the app's webhook and answers its secret; the URL and events are checked as any webhook's (400). */
    String create(String workspaceId, String appId, String url, List<String> events);

    /** Changes the URL and/or the events (null keeps them). */
    void update(String workspaceId, String appId, String url, List<String> events);

    void delete(String workspaceId, String appId);

    /** The webhook as its admin route shows it (id, url, events, status, ...), or an empty map when there is none. */
    Map<String, Object> view(String workspaceId, String appId);
}
