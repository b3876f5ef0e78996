package org.parley.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who owned a conversation's thread when an event happened (for bot apps' webhooks: {@code thread_owner},
 * {@code standby}). The log records every change of owner as a {@code conversation.handed_over} event whose
 * payload names {@code from} and {@code to}; so the owner at an event is the {@code from} of the first handover
 * of that conversation logged after it, or, when none came since, the conversation's owner now. Pure: the
 * fan-out reads the handovers after its batch start and the current owners in the same transaction.
 */
final class OwnerAtEvent {
    /** A handover logged at {@code cursor}: the owner {@code from} which it moved. */
    record Handover(long cursor, String conversationId, JsonNode from) {
    }

    private final Map<String, List<Handover>> byConversation = new HashMap<>();
    private final Map<String, JsonNode> current;

    /** {@code handovers}: every handover of these conversations after the batch start, any order. */
    OwnerAtEvent(Map<String, JsonNode> current, List<Handover> handovers) {
        this.current = current;
        for (Handover h : handovers) {
            byConversation.computeIfAbsent(h.conversationId(), k -> new ArrayList<>()).add(h);
        }
        byConversation.values().forEach(list -> list.sort(java.util.Comparator.comparingLong(Handover::cursor)));
    }

    /** The owner (JSON, e.g. {"type":"humans"}) of the conversation at the event logged at {@code cursor}; null if unknown. */
    JsonNode at(String conversationId, long cursor) {
        for (Handover h : byConversation.getOrDefault(conversationId, List.of())) {
            if (h.cursor() > cursor) {
                return h.from();
            }
        }
        return current.get(conversationId);
    }

    /** Whether that owner is the app: {"type":"app","id":appId}. */
    static boolean isApp(JsonNode owner, String appId) {
        return owner != null && "app".equals(owner.path("type").asText()) && appId.equals(owner.path("id").asText());
    }
}
