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
        if (!current.ownedByBot()) {
            return current;
        }
        return change(current, current.owner(), ThreadOwner.HUMANS, reason, agent.actorId(), agent.name(), null)
                .orElseGet(() -> conversations.require(agent, conversationId));
    }

    /** An agent gives the thread back to the flow that ran in it; 409 when there is none, or a flow owns it. */
    public Conversation giveBack(AgentPrincipal agent, String conversationId) {
        Conversation current = conversations.require(agent, conversationId);
        if (current.ownedByBot()) {
            throw new ApiError(409, "already_bot_owned", "A bot already owns this conversation");
        }
        String to = db.read(h -> control.resumable(h, current))
                .orElseThrow(() -> new ApiError(409, "no_bot",
                        "No bot can take this conversation back: none ran in it, or its flow already finished"));
        return change(current, ThreadOwner.HUMANS, to, "given_back", agent.actorId(), agent.name(), null)
                .orElseThrow(() -> new ApiError(409, "owner_changed", "The conversation's owner changed meanwhile; try again"));
    }

    /** The flow {@code owner} hands the thread to the humans; empty when it no longer owned it. */
    public Optional<Conversation> handOver(String workspaceId, String conversationId, String owner, String reason) {
        Conversation current = db.read(h -> ConversationRepository.find(h, workspaceId, conversationId)).orElse(null);
        if (current == null || !owner.equals(current.owner())) {
            return Optional.empty();
        }
        return change(current, owner, ThreadOwner.HUMANS, reason, null, null, null);
    }

    /**
     * The flow {@code owner} hands the thread to a bot app (a handoff step naming it), with the answers it collected as
     * the event's metadata (JSON, left out beyond 1,000 characters); to the humans when the app is gone.
     */
    public Optional<Conversation> handOverToApp(String workspaceId, String conversationId, String owner, String appId,
                                                String reason, Map<String, String> answers) {
        Conversation current = db.read(h -> ConversationRepository.find(h, workspaceId, conversationId)).orElse(null);
        if (current == null || !owner.equals(current.owner())) {
            return Optional.empty();
        }
        String to = ThreadOwner.app(appId);
        if (!db.read(h -> control.mayOwn(h, workspaceId, to))) {
            return change(current, owner, ThreadOwner.HUMANS, reason, null, null, null);
        }
        String metadata = Json.write(Map.of("answers", answers));
        return change(current, owner, to, reason, null, null, metadata.length() <= 1000 ? metadata : null);
    }

    // The handover protocol of bot apps (docs/apps.md): pass, take and request, each with the caller's metadata.

    /**
     * The caller passes the thread to {@code target} ({@code humans} or {@code app:<id>}). A bot app passes only a
     * thread it owns (409 {@code not_thread_owner} otherwise); an agent may give any thread to an app.
     */
    public Conversation pass(AgentPrincipal caller, String conversationId, String target, String metadata) {
        Conversation current = conversations.require(caller, conversationId);
        String self = caller.isApp() ? ThreadOwner.app(caller.appId()) : null;
        if (self != null && !self.equals(current.owner())) {
            throw notOwner();
        }
        if (!target.equals(ThreadOwner.HUMANS)
                && (ThreadOwner.appId(target) == null || !db.read(h -> control.mayOwn(h, caller.workspaceId(), target)))) {
            throw ApiError.badRequest("Field 'target' names no app of this workspace");
        }
        if (target.equals(current.owner())) {
            return current;
        }
        String reason = self == null ? "agent_passed" : "passed";
        return change(current, current.owner(), target, reason, caller.actorId(), caller.name(), metadata)
                .orElseThrow(() -> self != null ? notOwner() : ownerChanged());
    }

    /**
     * A bot app takes the thread from whoever owns it: only the workspace's primary receiver may (403 otherwise);
     * the humans take threads with {@link #take}.
     */
    public Conversation takeForApp(AgentPrincipal app, String conversationId, String metadata) {
        Conversation current = conversations.require(app, conversationId);
        String self = ThreadOwner.app(app.appId());
        if (self.equals(current.owner())) {
            return current;
        }
        if (!db.read(h -> control.mayTake(h, app.workspaceId(), app.appId()))) {
            throw ApiError.forbidden("Only the primary receiver app may take a thread; ask for it with thread/request");
        }
        return change(current, current.owner(), self, "taken", app.actorId(), app.name(), metadata)
                .orElseThrow(ThreadOwnership::ownerChanged);
    }

    /** A non-owner asks the owner for the thread: a {@code conversation.thread_requested} event, nothing changes. */
    public Conversation request(AgentPrincipal app, String conversationId, String metadata) {
        Conversation current = conversations.require(app, conversationId);
        String self = ThreadOwner.app(app.appId());
        if (self.equals(current.owner())) {
            throw new ApiError(409, "already_thread_owner", "This app already owns the conversation");
        }
        ConversationJson.ContactRef contact = conversations.contactRef(current);
        return conversations.write(current.workspaceId(), h -> {
            Conversation now = conversations.reload(h, current.workspaceId(), current.id());
            Map<String, Object> more = new java.util.LinkedHashMap<>();
            more.put("requested_by", ThreadOwner.forAgents(self));
            more.put("owner", ThreadOwner.forAgents(now.owner()));
            if (metadata != null) {
                more.put("metadata", metadata);
            }
            return new ConversationService.Changed(now, List.of(new ConversationEvent.ThreadRequested(now, self,
                    conversations.record(h, now, "conversation.thread_requested", false, contact, more))));
        });
    }

    private static ApiError notOwner() {
        return new ApiError(409, "not_thread_owner", "This app does not own the conversation");
    }

    private static ApiError ownerChanged() {
        return new ApiError(409, "owner_changed", "The conversation's owner changed meanwhile; try again");
    }

    private Optional<Conversation> change(Conversation seen, String from, String to, String reason, String actorId,
                                          String actorName, String metadata) {
        ConversationJson.ContactRef contact = conversations.contactRef(seen);
        long now = clock.millis();
        Conversation changed = conversations.write(seen.workspaceId(), h -> {
            if (!repository.updateOwner(h, seen.workspaceId(), seen.id(), from, to)) {
                return null;
            }
            Conversation updated = conversations.reload(h, seen.workspaceId(), seen.id());
            control.ownerChanged(h, updated, from, to, reason, now);
            List<DomainEvent> events = new ArrayList<>();
            Map<String, Object> more = new java.util.LinkedHashMap<>(Map.of(
                    "from", ThreadOwner.forAgents(from), "to", ThreadOwner.forAgents(to), "reason", reason));
            if (metadata != null) {
                more.put("metadata", metadata);
            }
            events.add(new ConversationEvent.ConversationHandedOver(updated, from, to, reason,
                    conversations.record(h, updated, "conversation.handed_over", true, contact, more)));
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
