package org.parley.webhook;

import java.util.List;

/** The event names a webhook may subscribe to: those of docs/events.md that go through the event log. */
public final class WebhookEvents {
    /** Sent by {@code POST /api/v1/webhooks/{id}/test}; never from the log, so never subscribed to. */
    public static final String TEST = "webhook.test";
    public static final List<String> NAMES = List.of("message.created", "conversation.created", "conversation.assigned",
            "conversation.status_changed", "conversation.handed_over", "conversation.thread_requested", "conversation.updated", "conversation.read",
            "conversation.rated", "conversation.notified", "contact.updated", "contact.deleted", "agent.updated");

    private WebhookEvents() {
    }
}
