package org.parley.webhook;

import java.util.List;
import java.util.Map;
import org.parley.app.AppWebhooks;

/** The webhook feature as bot apps use it (app.AppWebhooks, docs/apps.md): one webhook per app, found by its id. */
public final class AppWebhookPort implements AppWebhooks {
    private final WebhookService webhooks;

    public AppWebhookPort(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public String create(String workspaceId, String appId, String url, List<String> events) {
        return webhooks.createForApp(workspaceId, appId, url, events);
    }

    @Override
    public void update(String workspaceId, String appId, String url, List<String> events) {
        webhooks.updateForApp(workspaceId, appId, url, events);
    }

    @Override
    public void delete(String workspaceId, String appId) {
        webhooks.deleteForApp(workspaceId, appId);
    }

    @Override
    public Map<String, Object> view(String workspaceId, String appId) {
        return webhooks.viewForApp(workspaceId, appId);
    }
}
