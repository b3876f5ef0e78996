package org.parley.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.parley.eventbus.DomainEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.Agent;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;

/**
 * Changes of a conversation's thread owner, and what a flow may do to a conversation it owns (docs/bots.md).
 * Every change is conditional on the owner the caller saw, in one statement, and writes its
 * {@code conversation.handed_over} event and an agent-only system line in the same transaction. A bot's
 * actions take its owner string and do nothing once it no longer owns the thread.
 */
public final class ThreadOwnership {
    public static final int MAX_ATTRIBUTES = 50;

    private final ConversationService conversations;
    private final Clock clock;
    private final AgentService agents;
    private final ThreadControl control;
    private final SystemMessageWriter systemMessages;
    private final ConversationRepository repository = new ConversationRepository();
    private final org.parley.storage.Database db;

    public ThreadOwnership(org.parley.storage.Database db, Clock clock, ConversationService conversations, AgentService agents,
                           ThreadControl control, SystemMessageWriter systemMessages) {
        this.db = db;
        this.clock = clock;
        this.conversations = conversations;
        this.agents = agents;
        this.control = control;
        this.systemMessages = systemMessages;
    }

    /** An agent takes the thread for the humans ({@code agent_took}, or {@code agent_replied} before a reply). */
    public Conversation take(AgentPrincipal agent, String conversationId, String reason) {
        Conversation current = conversations.require(agent, conversationId);
        if (!current.ownedByFlow()) {
            return current;
        }
        return change(current, current.owner(), ThreadOwner.HUMANS, reason, agent.actorId(), agent.name())
                .orElseGet(() -> conversations.require(agent, conversationId));
    }

    /** An agent gives the thread back to the flow that ran in it; 409 when there is none, or a flow owns it. */
    public Conversation giveBack(AgentPrincipal agent, String conversationId) {
        Conversation current = conversations.require(agent, conversationId);
        if (current.ownedByFlow()) {
            throw new ApiError(409, "already_bot_owned", "A bot already owns this conversation");
        }
        String to = db.read(h -> control.resumable(h, current))
                .orElseThrow(() -> new ApiError(409, "no_bot",
                        "No bot can take this conversation back: none ran in it, or its flow already finished"));
        return change(current, ThreadOwner.HUMANS, to, "given_back", agent.actorId(), agent.name())
                .orElseThrow(() -> new ApiError(409, "owner_changed", "The conversation's owner changed meanwhile; try again"));
    }

    /** The flow {@code owner} hands the thread to the humans; empty when it no longer owned it. */
    public Optional<Conversation> handOver(String workspaceId, String conversationId, String owner, String reason) {
        Conversation current = db.read(h -> ConversationRepository.find(h, workspaceId, conversationId)).orElse(null);
        if (current == null || !owner.equals(current.owner())) {
            return Optional.empty();
        }
        return change(current, owner, ThreadOwner.HUMANS, reason, null, null);
    }

    private Optional<Conversation> change(Conversation seen, String from, String to, String reason, String actorId,
                                          String actorName) {
        ConversationJson.ContactRef contact = conversations.contactRef(seen);
        long now = clock.millis();
        Conversation changed = conversations.write(seen.workspaceId(), h -> {
            if (!repository.updateOwner(h, seen.workspaceId(), seen.id(), from, to)) {
                return null;
            }
            Conversation updated = conversations.reload(h, seen.workspaceId(), seen.id());
            control.ownerChanged(h, updated, from, to, reason, now);
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationHandedOver(updated, from, to, reason,
                    conversations.record(h, updated, "conversation.handed_over", true, contact, Map.of(
                            "from", ThreadOwner.forAgents(from), "to", ThreadOwner.forAgents(to), "reason", reason))));
            events.add(systemMessages.write(h, updated, SystemMessage.handedOver(actorId, actorName, to, reason), now));
            return new ConversationService.Changed(updated, events);
        });
        return Optional.ofNullable(changed);
    }

    /** A flow's assign step: only while {@code owner} owns the thread; false otherwise. */
    public boolean assign(String workspaceId, String conversationId, String owner, String agentId) {
        Agent assignee = agents.find(workspaceId, agentId).filter(Agent::active).orElse(null);
        if (assignee == null) {
            return false;
        }
        return botWrite(workspaceId, conversationId, owner, (h, before, contact, now) -> {
            repository.updateAssignee(h, workspaceId, conversationId, agentId);
            Conversation updated = conversations.reload(h, workspaceId, conversationId);
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationAssigned(updated,
                    conversations.record(h, updated, "conversation.assigned", false, contact)));
            if (!Objects.equals(before.assigneeId(), agentId)) {
                events.add(systemMessages.write(h, updated, SystemMessage.botAssigned(assignee), now));
            }
            return new ConversationService.Changed(updated, events);
        });
    }

    /** A flow's resolve step: the conversation is resolved, contained without a human. */
    public boolean resolve(String workspaceId, String conversationId, String owner) {
        return botWrite(workspaceId, conversationId, owner, (h, before, contact, now) -> {
            repository.updateStatus(h, workspaceId, conversationId, ConversationStatus.RESOLVED, null, now);
            Conversation updated = conversations.reload(h, workspaceId, conversationId);
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationStatusChanged(updated,
                    conversations.record(h, updated, "conversation.status_changed", true, contact)));
            if (before.status() != ConversationStatus.RESOLVED) {
                events.add(systemMessages.write(h, updated, SystemMessage.botResolved(), now));
            }
            return new ConversationService.Changed(updated, events);
        });
    }

    /** Merges attributes into the conversation's (a flow's answers); agents see them in its view. */
    public boolean setAttributes(String workspaceId, String conversationId, String owner, Map<String, Object> attributes) {
        return botWrite(workspaceId, conversationId, owner, (h, before, contact, now) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> merged = new TreeMap<>(Json.parse(before.attributes(), Map.class));
            merged.putAll(attributes);
            if (merged.size() > MAX_ATTRIBUTES) {
                return null;
            }
            repository.updateAttributes(h, workspaceId, conversationId, Json.write(merged));
            Conversation updated = conversations.reload(h, workspaceId, conversationId);
            return new ConversationService.Changed(updated, List.of(new ConversationEvent.ConversationUpdated(updated,
                    conversations.record(h, updated, "conversation.updated", false, contact))));
        });
    }

    private interface BotChange {
        ConversationService.Changed apply(Handle h, Conversation before, ConversationJson.ContactRef contact, long now);
    }

    private boolean botWrite(String workspaceId, String conversationId, String owner, BotChange change) {
        Conversation seen = db.read(h -> ConversationRepository.find(h, workspaceId, conversationId)).orElse(null);
        if (seen == null || !owner.equals(seen.owner())) {
            return false;
        }
        ConversationJson.ContactRef contact = conversations.contactRef(seen);
        long now = clock.millis();
        return conversations.write(workspaceId, h -> {
            // Locks the row and checks the owner in one statement, as a bot's send does (the race rule).
            if (!repository.updateOwner(h, workspaceId, conversationId, owner, owner)) {
                return null;
            }
            return change.apply(h, conversations.reload(h, workspaceId, conversationId), contact, now);
        }) != null;
    }
}
