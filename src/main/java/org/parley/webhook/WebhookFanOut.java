package org.parley.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.parley.conversation.ConversationService;
import org.parley.conversation.ThreadOwner;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/**
 * Turns the workspace event log into deliveries: per enabled webhook, the events after its cursor (a bounded
 * batch), one delivery per subscribed event, and the cursor moved, all in ONE transaction of the workspace's
 * write. The log is the outbox: an event committed is in the log, so a crash between commit and fan-out only
 * delays its deliveries until the next fan-out (nudged after every publication, and every few seconds).
 */
final class WebhookFanOut {
    static final int BATCH = 500;

    /** One row of workspace_events, as the fan-out reads it. */
    record LoggedEvent(long cursor, String conversationId, String name, String agentPayload, long createdAt) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final ConversationService conversations;
    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;

    WebhookFanOut(Database db, Ids ids, Clock clock, ConversationService conversations, WebhookRepository webhooks,
                  DeliveryRepository deliveries) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.conversations = conversations;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    /** Fans out everything pending for the workspace, batch by batch; returns the deliveries created. */
    int run(String workspaceId) {
        int created = 0;
        while (true) {
            int[] batch = db.write(workspaceId, h -> batch(h, workspaceId));
            created += batch[1];
            if (batch[0] < BATCH) {
                return created;
            }
        }
    }

    /** One batch: {events read, deliveries created}. */
    private int[] batch(Handle h, String workspaceId) {
        List<Webhook> enabled = webhooks.listEnabled(h, workspaceId);
        if (enabled.isEmpty()) {
            return new int[] {0, 0};
        }
        long start = enabled.stream().mapToLong(Webhook::cursor).min().orElseThrow();
        List<LoggedEvent> events = h.createQuery("SELECT cursor, conversation_id, name, agent_payload, created_at "
                        + "FROM workspace_events WHERE workspace_id = :ws AND cursor > :after ORDER BY cursor LIMIT :limit")
                .bind("ws", workspaceId).bind("after", start).bind("limit", BATCH)
                .map((rs, ctx) -> new LoggedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5))).list();
        if (events.isEmpty()) {
            return new int[] {0, 0};
        }
        OwnerAtEvent owners = enabled.stream().anyMatch(w -> w.appId() != null) ? owners(h, workspaceId, start, events) : null;
        long now = clock.millis();
        int created = 0;
        long last = events.getLast().cursor();
        for (Webhook webhook : enabled) {
            for (LoggedEvent event : events) {
                if (event.cursor() <= webhook.cursor() || !webhook.events().contains(event.name())) {
                    continue;
                }
                String body = body(event, webhook.appId(), owners);
                deliveries.insert(h, new WebhookDelivery(ids.newToken("msg_"), webhook.id(), workspaceId, event.cursor(),
                        event.name(), event.conversationId(), body, WebhookDelivery.PENDING, false, 0, now, null, now, null));
                created++;
            }
            webhooks.advance(h, workspaceId, webhook.id(), last);
        }
        return new int[] {events.size(), created};
    }

    /** The owners at each event: the current owners of the batch's conversations and their handovers since. */
    private OwnerAtEvent owners(Handle h, String workspaceId, long start, List<LoggedEvent> events) {
        Set<String> ids = new LinkedHashSet<>();
        events.stream().map(LoggedEvent::conversationId).filter(java.util.Objects::nonNull).forEach(ids::add);
        Map<String, JsonNode> current = new HashMap<>();
        for (String id : ids) {
            conversations.find(h, workspaceId, id).ifPresent(c -> current.put(id, ownerJson(c.owner())));
        }
        List<OwnerAtEvent.Handover> handovers = new ArrayList<>();
        if (!ids.isEmpty()) {
            h.createQuery("SELECT cursor, conversation_id, agent_payload FROM workspace_events WHERE workspace_id = :ws "
                            + "AND name = 'conversation.handed_over' AND cursor > :after AND conversation_id IN (<ids>)")
                    .bind("ws", workspaceId).bind("after", start).bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> new OwnerAtEvent.Handover(rs.getLong(1), rs.getString(2),
                            Json.tree(rs.getString(3)).get("from")))
                    .forEach(handovers::add);
        }
        return new OwnerAtEvent(current, handovers);
    }

    /** The stored owner string as the agents' owner JSON (ThreadOwner: humans, flow or app). */
    static JsonNode ownerJson(String owner) {
        return Json.MAPPER.valueToTree(ThreadOwner.forAgents(owner));
    }

    /** {"type", "timestamp", "data"}, and for an app's webhook on a conversation event "thread_owner" and "standby". */
    static String body(LoggedEvent event, String appId, OwnerAtEvent owners) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", event.name());
        body.put("timestamp", Instant.ofEpochMilli(event.createdAt()).toString());
        body.set("data", Json.tree(event.agentPayload()));
        if (appId != null && event.conversationId() != null && owners != null) {
            JsonNode owner = owners.at(event.conversationId(), event.cursor());
            if (owner != null) {
                body.set("thread_owner", owner);
            }
            body.put("standby", !OwnerAtEvent.isApp(owner, appId));
        }
        return body.toString();
    }
}
