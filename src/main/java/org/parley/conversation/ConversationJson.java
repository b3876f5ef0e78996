package org.parley.conversation;

import java.util.Map;
import org.parley.http.Json;

/** Wire shapes of a conversation: the agents' view and the narrower visitor's view. */
public final class ConversationJson {
    private ConversationJson() {
    }

    public record ContactRef(String id, String name, String email) {
    }

    /** Where the visitor is: their latest page view (lists only). */
    public record CurrentPage(String url, String title, long at) {
    }

    public record ForAgent(String id, String status, Long snoozedUntil, String assigneeId, ContactRef contact,
                           String visitorId, long lastSeq, long agentReadSeq, long visitorReadSeq, Long unreadCount,
                           String lastMessagePreview, long createdAt, long lastActivityAt, Long firstAgentReplyAt,
                           Long resolvedAt, CurrentPage currentPage, Map<String, Object> owner, Object attributes) {
    }

    public record ForVisitor(String id, String status, long lastSeq, long visitorReadSeq, long agentReadSeq,
                             String lastMessagePreview, long createdAt, long lastActivityAt, Map<String, Object> owner) {
    }

    public static ForAgent forAgent(Conversation c, ContactRef contact, Long unreadCount) {
        return forAgent(c, contact, unreadCount, null);
    }

    public static ForAgent forAgent(Conversation c, ContactRef contact, Long unreadCount, CurrentPage currentPage) {
        return new ForAgent(c.id(), c.status().wire(), c.snoozedUntil(), c.assigneeId(), contact, c.visitorId(),
                c.lastSeq(), c.agentReadSeq(), c.visitorReadSeq(), unreadCount, c.lastMessagePreview(), c.createdAt(),
                c.lastActivityAt(), c.firstAgentReplyAt(), c.resolvedAt(), currentPage, ThreadOwner.forAgents(c.owner()),
                c.attributes() == null ? Map.of() : Json.tree(c.attributes()));
    }

    public static ForVisitor forVisitor(Conversation c) {
        return new ForVisitor(c.id(), c.status().wire(), c.lastSeq(), c.visitorReadSeq(), c.agentReadSeq(),
                c.lastMessagePreview(), c.createdAt(), c.lastActivityAt(), ThreadOwner.forVisitor(c.owner()));
    }
}
