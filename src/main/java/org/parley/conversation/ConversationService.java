package org.parley.conversation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.parley.contact.Contact;
import org.parley.contact.ContactService;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.Agent;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/**
 * The only write entry for conversations (their messages go through MessageService).
 * Authorisation lives here: a visitor sees only its own conversations, an agent only its workspace's,
 * and both get the same 404 for what is missing and what is not theirs.
 */
public final class ConversationService {
    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventLog eventLog;
    private final EventBus bus;
    private final AgentService agents;
    private final ContactService contacts;
    private final ConversationRepository repository = new ConversationRepository();

    public ConversationService(Database db, Ids ids, Clock clock, EventLog eventLog, EventBus bus,
                               AgentService agents, ContactService contacts) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.eventLog = eventLog;
        this.bus = bus;
        this.agents = agents;
        this.contacts = contacts;
    }

    public Conversation create(VisitorPrincipal visitor) {
        long now = clock.millis();
        Conversation conversation = new Conversation(ids.newId(), visitor.workspaceId(), visitor.contactId(),
                visitor.visitorId(), ConversationStatus.OPEN, null, null, 0, 0, 0, null, now, now, null, null);
        ConversationJson.ContactRef contact = contactRef(conversation);
        return db.write(visitor.workspaceId(), h -> {
            repository.insert(h, conversation);
            RecordedEvent recorded = record(h, conversation, "conversation.created", true, contact);
            return new ConversationEvent.ConversationCreated(conversation, recorded);
        }, bus::publish).conversation();
    }

    /** The conversation if the principal may see it; otherwise 404. */
    public Conversation require(Principal principal, String conversationId) {
        if (conversationId == null || conversationId.length() > 64) {
            throw ApiError.notFound("Conversation");
        }
        Conversation conversation = db.read(h -> ConversationRepository.find(h, principal.workspaceId(), conversationId))
                .orElseThrow(() -> ApiError.notFound("Conversation"));
        if (principal instanceof VisitorPrincipal visitor && !conversation.visitorId().equals(visitor.visitorId())) {
            throw ApiError.notFound("Conversation");
        }
        return conversation;
    }

    public List<Conversation> listForVisitor(VisitorPrincipal visitor) {
        return db.read(h -> repository.listForVisitor(h, visitor.workspaceId(), visitor.visitorId()));
    }

    public List<ConversationJson.ForAgent> listForAgents(AgentPrincipal agent, ConversationFilter filter) {
        return db.read(h -> repository.listForAgents(h, agent.workspaceId(), filter, agent.agentId())).stream()
                .map(l -> ConversationJson.forAgent(l.conversation(), l.contact(), l.unread()))
                .toList();
    }

    public ConversationJson.ForAgent viewForAgent(AgentPrincipal agent, String conversationId) {
        Conversation conversation = require(agent, conversationId);
        return ConversationJson.forAgent(conversation, contactRef(conversation), null);
    }

    public Conversation assign(AgentPrincipal actor, String conversationId, String assigneeId) {
        ConversationJson.ContactRef contact = contactRef(require(actor, conversationId));
        if (assigneeId != null) {
            Agent assignee = agents.find(actor.workspaceId(), assigneeId)
                    .orElseThrow(() -> ApiError.badRequest("Field 'assignee_id' is not an agent of this workspace"));
            if (!assignee.active()) {
                throw ApiError.badRequest("Field 'assignee_id' is a deactivated agent");
            }
        }
        return db.write(actor.workspaceId(), h -> {
            repository.updateAssignee(h, actor.workspaceId(), conversationId, assigneeId);
            Conversation updated = reload(h, actor.workspaceId(), conversationId);
            RecordedEvent recorded = record(h, updated, "conversation.assigned", false, contact);
            return new ConversationEvent.ConversationAssigned(updated, recorded);
        }, bus::publish).conversation();
    }

    public Conversation changeStatus(AgentPrincipal actor, String conversationId, ConversationStatus status, Long snoozedUntil) {
        ConversationJson.ContactRef contact = contactRef(require(actor, conversationId));
        long now = clock.millis();
        if (status == ConversationStatus.SNOOZED && (snoozedUntil == null || snoozedUntil <= now)) {
            throw ApiError.badRequest("Snoozing needs 'snoozed_until' in the future (epoch milliseconds)");
        }
        if (status != ConversationStatus.SNOOZED && snoozedUntil != null) {
            throw ApiError.badRequest("'snoozed_until' is only for status 'snoozed'");
        }
        Long resolvedAt = status == ConversationStatus.RESOLVED ? now : null;
        return db.write(actor.workspaceId(), h -> {
            repository.updateStatus(h, actor.workspaceId(), conversationId, status, snoozedUntil, resolvedAt);
            Conversation updated = reload(h, actor.workspaceId(), conversationId);
            RecordedEvent recorded = record(h, updated, "conversation.status_changed", true, contact);
            return new ConversationEvent.ConversationStatusChanged(updated, recorded);
        }, bus::publish).conversation();
    }

    /** A visitor writing into a resolved or snoozed conversation opens it again for the team. */
    public Conversation reopenByContact(VisitorPrincipal visitor, String conversationId) {
        ConversationJson.ContactRef contact = contactRef(require(visitor, conversationId));
        return db.write(visitor.workspaceId(), h -> {
            repository.updateStatus(h, visitor.workspaceId(), conversationId, ConversationStatus.OPEN, null, null);
            Conversation updated = reload(h, visitor.workspaceId(), conversationId);
            RecordedEvent recorded = record(h, updated, "conversation.status_changed", true, contact);
            return new ConversationEvent.ConversationStatusChanged(updated, recorded);
        }, bus::publish).conversation();
    }

    /** Moves the reader's watermark forward (never back); {@code seq} must exist. */
    public Conversation markRead(Principal reader, String conversationId, long seq) {
        Conversation current = require(reader, conversationId);
        if (seq < 0 || seq > current.lastSeq()) {
            throw ApiError.badRequest("Field 'seq' must be between 0 and the conversation's last_seq (" + current.lastSeq() + ")");
        }
        boolean visitor = reader instanceof VisitorPrincipal;
        long previous = visitor ? current.visitorReadSeq() : current.agentReadSeq();
        if (seq <= previous) {
            return current;
        }
        return db.write(reader.workspaceId(), h -> {
            repository.updateReadSeq(h, reader.workspaceId(), conversationId, visitor ? "visitor_read_seq" : "agent_read_seq", seq);
            Conversation updated = reload(h, reader.workspaceId(), conversationId);
            String readerType = visitor ? "contact" : "agent";
            String payload = Json.write(Map.of("conversation_id", conversationId, "reader",
                    Map.of("type", readerType, "id", visitor ? ((VisitorPrincipal) reader).contactId()
                            : ((AgentPrincipal) reader).actorId()), "seq", seq));
            RecordedEvent recorded = eventLog.append(h, reader.workspaceId(), conversationId, updated.visitorId(),
                    "conversation.read", 0, payload, payload);
            return new ConversationEvent.ConversationRead(updated, readerType, seq, recorded);
        }, bus::publish).conversation();
    }

    private Conversation reload(Handle h, String workspaceId, String id) {
        return ConversationRepository.find(h, workspaceId, id).orElseThrow(() -> ApiError.notFound("Conversation"));
    }

    /** Renders and appends an event; the contact is read before the write, never from inside it. */
    private RecordedEvent record(Handle h, Conversation c, String name, boolean visitorSees,
                                 ConversationJson.ContactRef contact) {
        String forAgents = Json.write(Map.of("conversation", ConversationJson.forAgent(c, contact, null)));
        String forVisitor = visitorSees ? Json.write(Map.of("conversation", ConversationJson.forVisitor(c))) : null;
        return eventLog.append(h, c.workspaceId(), c.id(), c.visitorId(), name, 0, forAgents, forVisitor);
    }

    private ConversationJson.ContactRef contactRef(Conversation c) {
        Contact contact = contacts.find(c.workspaceId(), c.contactId()).orElse(null);
        return contact == null ? null : new ConversationJson.ContactRef(contact.id(), contact.name(), contact.email());
    }

    // Reads for the contact page and search (agents of the workspace; the caller has authenticated one).

    /** The agents' view of a contact's conversations (up to 100), newest activity first, with unread counts. */
    public List<ConversationJson.ForAgent> listForContact(String workspaceId, String contactId) {
        return db.read(h -> repository.listForContact(h, workspaceId, contactId)).stream()
                .map(l -> ConversationJson.forAgent(l.conversation(), l.contact(), l.unread()))
                .toList();
    }

    /** The agents' view of the given conversations of the workspace, by id; ids of other workspaces are left out. */
    public Map<String, ConversationJson.ForAgent> viewsForAgent(AgentPrincipal agent, java.util.Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        Map<String, ConversationJson.ForAgent> views = new java.util.HashMap<>();
        db.read(h -> repository.listByIds(h, agent.workspaceId(), conversationIds)).forEach(l ->
                views.put(l.conversation().id(), ConversationJson.forAgent(l.conversation(), l.contact(), l.unread())));
        return views;
    }
}
