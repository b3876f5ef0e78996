package org.parley.realtime;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;

/**
 * "Someone is typing" (ephemeral, at most once, never replayed): relayed to the workspace's other agent
 * sockets, and to the visitor's when an agent types. A socket may type at most a few times a second.
 */
final class TypingRelay {
    private final ConnectionRegistry registry;
    private final ConversationService conversations;
    private final Clock clock;

    TypingRelay(ConnectionRegistry registry, ConversationService conversations, Clock clock) {
        this.registry = registry;
        this.conversations = conversations;
        this.clock = clock;
    }

    void relay(Connection connection, Principal principal, Frames.Typing frame, String conversationId) {
        if (frame.typing() == null) {
            throw ApiError.badRequest("Field 'typing' is required");
        }
        if (!connection.allowTyping(clock.millis())) {
            return;
        }
        send(connection, principal, conversations.require(principal, conversationId), frame.typing());
    }

    /** Typing sent over HTTP (a bot app): to every agent socket and the visitor's. */
    void fromServer(AgentPrincipal sender, Conversation conversation, boolean typing) {
        send(null, sender, conversation, typing);
    }

    private void send(Connection connection, Principal principal, Conversation conversation, boolean typing) {
        Map<String, Object> sender = new HashMap<>();
        if (principal instanceof AgentPrincipal agent) {
            sender.put("type", agent.isIntegration() ? "bot" : "agent");
            sender.put("id", agent.actorId());
            sender.put("name", agent.name());
        } else {
            sender.put("type", "contact");
            sender.put("id", ((VisitorPrincipal) principal).contactId());
        }
        String relay = Frames.of("type", "typing", "conversation_id", conversation.id(), "typing", typing,
                "sender", sender);
        for (Connection agent : registry.agents(conversation.workspaceId())) {
            if (agent != connection) {
                agent.send(relay);
            }
        }
        if (principal instanceof AgentPrincipal) {
            registry.contact(conversation.contactId()).forEach(v -> v.send(relay));
        }
    }
}
