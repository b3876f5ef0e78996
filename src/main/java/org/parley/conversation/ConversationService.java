package org.parley.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.parley.contact.Contact;
import org.parley.contact.ContactService;
import org.parley.eventbus.DomainEvent;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only write entry for conversations (their messages go through MessageService).
 * Authorisation lives here: a visitor sees only its own conversations, an agent only its workspace's,
 * and both get the same 404 for what is missing and what is not theirs. Assignments and status changes
 * also append an agent-only system message in the same transaction (through {@link SystemMessageWriter}).
 */
public final class ConversationService {
    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
    /** How many due snoozes one wake-up round handles per query. */
    private static final int WAKE_BATCH = 100;

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventLog eventLog;
    private final EventBus bus;
    private final AgentService agents;
    private final ContactService contacts;
    private final SystemMessageWriter systemMessages;
    private final ThreadControl threadControl;
    private final ConversationRepository repository = new ConversationRepository();

    /** What a write changed, with the events to publish after commit in cursor order. */
    record Changed(Conversation conversation, List<DomainEvent> events) {
    }

    public ConversationService(Database db, Ids ids, Clock clock, EventLog eventLog, EventBus bus,
                               AgentService agents, ContactService contacts, SystemMessageWriter systemMessages,
                               ThreadControl threadControl) {
        this.threadControl = threadControl;
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.eventLog = eventLog;
        this.bus = bus;
        this.agents = agents;
        this.contacts = contacts;
        this.systemMessages = systemMessages;
    }

    /**
     * How many open conversations one contact may have waiting for a first answer: plenty for a person,
     * and a visitor token cannot bury the inbox (docs/widget.md).
     */
    public static final int MAX_WAITING_PER_CONTACT = 5;

    /** A start's outcome: {@code existing} when the same first message had already started it. */
    public record Started(Conversation conversation, boolean existing) {
    }

    public Conversation create(VisitorPrincipal visitor) {
        return start(visitor, null).conversation();
    }

    /**
     * Starts a conversation for the visitor's contact. With {@code firstClientMsgId} the start is idempotent:
     * the same first message (a retry, or starts raced from several tabs) finds the conversation it started,
     * the database's unique index on it being the last word. A contact with
     * {@value #MAX_WAITING_PER_CONTACT} open conversations that no one has answered yet gets a 409.
     */
    public Started start(VisitorPrincipal visitor, String firstClientMsgId) {
        return start(visitor, firstClientMsgId, "visitor");
    }

    /**
     * Starts the conversation of an agent's proactive message to a visitor on the site (docs/analytics.md,
     * "Live visitors"): origin 'proactive', the humans' thread (no flow takes it), no waiting cap (the team
     * answers at once); idempotent by the agent's {@code clientMsgId} as a visitor's start is by theirs.
     */
    public Started startProactive(VisitorPrincipal visitor, String clientMsgId) {
        return start(visitor, Objects.requireNonNull(clientMsgId), "proactive");
    }

    private Started start(VisitorPrincipal visitor, String firstClientMsgId, String origin) {
        boolean proactive = origin.equals("proactive");
        long now = clock.millis();
        Conversation conversation = new Conversation(ids.newId(), visitor.workspaceId(), visitor.contactId(),
                visitor.visitorId(), ConversationStatus.OPEN, null, null, 0, 0, 0, null, now, now, null, null,
                ThreadOwner.HUMANS, "{}");
        ConversationJson.ContactRef contact = contactRef(conversation);
        // A flow whose trigger holds owns the thread from its first event on (docs/bots.md); chosen before the write.
        Conversation started = proactive ? conversation
                : withOwner(conversation, threadControl.ownerAtStart(conversation, firstClientMsgId != null));
        boolean lock = db.dialect() == Database.Dialect.POSTGRESQL;
        record Outcome(Started started, ConversationEvent.ConversationCreated event) {
        }
        Outcome outcome = db.write(visitor.workspaceId(), h -> {
            if (lock) {
                repository.lockContact(h, visitor.workspaceId(), visitor.contactId());
            }
            if (firstClientMsgId != null) {
                var earlier = repository.findStarted(h, visitor.workspaceId(), visitor.contactId(), firstClientMsgId);
                if (earlier.isPresent()) {
                    return new Outcome(new Started(earlier.get(), true), null);
                }
            }
            if (!proactive && repository.countWaiting(h, visitor.workspaceId(), visitor.contactId()) >= MAX_WAITING_PER_CONTACT) {
                throw new ApiError(409, "too_many_waiting",
                        "You already have " + MAX_WAITING_PER_CONTACT + " conversations waiting for an answer; "
                                + "please write in one of them");
            }
            repository.insert(h, started, firstClientMsgId, origin);
            if (started.ownedByFlow()) {
                threadControl.started(h, started);
            }
            RecordedEvent recorded = record(h, started, "conversation.created", true, contact);
            return new Outcome(new Started(started, false),
                    new ConversationEvent.ConversationCreated(started, recorded));
        }, o -> {
            if (o.event() != null) {
                bus.publish(o.event());
            }
        });
        return outcome.started();
    }

    /** A conversation of the workspace, read on the caller's handle (the bots' runner, which has no principal). */
    public java.util.Optional<Conversation> find(Handle h, String workspaceId, String conversationId) {
        return ConversationRepository.find(h, workspaceId, conversationId);
    }

    /** The conversation if the principal may see it; otherwise 404. */
    public Conversation require(Principal principal, String conversationId) {
        if (conversationId == null || conversationId.length() > 64) {
            throw ApiError.notFound("Conversation");
        }
        Conversation conversation = db.read(h -> ConversationRepository.find(h, principal.workspaceId(), conversationId))
                .orElseThrow(() -> ApiError.notFound("Conversation"));
        if (principal instanceof VisitorPrincipal visitor && !conversation.contactId().equals(visitor.contactId())) {
            throw ApiError.notFound("Conversation");
        }
        return conversation;
    }

    public List<Conversation> listForVisitor(VisitorPrincipal visitor) {
        return db.read(h -> repository.listOwnedByContact(h, visitor.workspaceId(), visitor.contactId()));
    }

    /** A page of the agents' list; each item with its unread count and the visitor's current page (one extra query). */
    public List<ConversationJson.ForAgent> listForAgents(AgentPrincipal agent, ConversationFilter filter) {
        return db.read(h -> {
            List<ConversationRepository.Listed> listed = repository.listForAgents(h, agent.workspaceId(), filter, agent.agentId());
            var pages = repository.currentPages(h, agent.workspaceId(),
                    listed.stream().map(l -> l.conversation().visitorId()).distinct().toList());
            return listed.stream()
                    .map(l -> ConversationJson.forAgent(l.conversation(), l.contact(), l.unread(),
                            pages.get(l.conversation().visitorId())))
                    .toList();
        });
    }

    public ConversationJson.ForAgent viewForAgent(AgentPrincipal agent, String conversationId) {
        Conversation conversation = require(agent, conversationId);
        return ConversationJson.forAgent(conversation, contactRef(conversation), null);
    }

    public Conversation assign(AgentPrincipal actor, String conversationId, String assigneeId) {
        ConversationJson.ContactRef contact = contactRef(require(actor, conversationId));
        Agent assignee = null;
        if (assigneeId != null) {
            assignee = agents.find(actor.workspaceId(), assigneeId)
                    .orElseThrow(() -> ApiError.badRequest("Field 'assignee_id' is not an agent of this workspace"));
            if (!assignee.active()) {
                throw ApiError.badRequest("Field 'assignee_id' is a deactivated agent");
            }
        }
        SystemMessage note = assignee == null ? SystemMessage.unassigned(actor) : SystemMessage.assigned(actor, assignee);
        long now = clock.millis();
        return write(actor.workspaceId(), h -> {
            Conversation before = reload(h, actor.workspaceId(), conversationId);
            repository.updateAssignee(h, actor.workspaceId(), conversationId, assigneeId);
            Conversation updated = reload(h, actor.workspaceId(), conversationId);
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationAssigned(updated,
                    record(h, updated, "conversation.assigned", false, contact)));
            if (!Objects.equals(before.assigneeId(), assigneeId)) {
                events.add(systemMessages.write(h, updated, note, now));
            }
            return new Changed(updated, events);
        });
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
        return write(actor.workspaceId(), h -> {
            Conversation before = reload(h, actor.workspaceId(), conversationId);
            repository.updateStatus(h, actor.workspaceId(), conversationId, status, snoozedUntil, resolvedAt);
            Conversation updated = reload(h, actor.workspaceId(), conversationId);
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationStatusChanged(updated,
                    record(h, updated, "conversation.status_changed", true, contact)));
            if (before.status() != status || !Objects.equals(before.snoozedUntil(), snoozedUntil)) {
                events.add(systemMessages.write(h, updated,
                        SystemMessage.statusChanged(actor, before.status(), status, snoozedUntil), now));
            }
            return new Changed(updated, events);
        });
    }

    /** A visitor writing into a resolved or snoozed conversation opens it again for the team. */
    public Conversation reopenByContact(VisitorPrincipal visitor, String conversationId) {
        ConversationJson.ContactRef contact = contactRef(require(visitor, conversationId));
        long now = clock.millis();
        return write(visitor.workspaceId(), h -> {
            Conversation before = reload(h, visitor.workspaceId(), conversationId);
            repository.updateStatus(h, visitor.workspaceId(), conversationId, ConversationStatus.OPEN, null, null);
            Conversation updated = reload(h, visitor.workspaceId(), conversationId);
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationStatusChanged(updated,
                    record(h, updated, "conversation.status_changed", true, contact)));
            if (before.status() != ConversationStatus.OPEN) {
                events.add(systemMessages.write(h, updated, SystemMessage.reopenedByVisitor(), now));
            }
            return new Changed(updated, events);
        });
    }

    /**
     * Opens every snoozed conversation whose {@code snoozed_until} has passed (by the injected clock), each
     * with a {@code conversation.status_changed} event and a "Snooze ended" system message. Run every few
     * seconds by the job Wiring starts; public so tests need not wait for it. Never throws: a conversation
     * that fails is logged and retried on the next round. Returns how many conversations it opened.
     */
    public int wakeSnoozed() {
        int woken = 0;
        try {
            while (true) {
                long now = clock.millis();
                List<Conversation> due = db.read(h -> repository.listDueSnoozed(h, now, WAKE_BATCH));
                int round = 0;
                for (Conversation conversation : due) {
                    try {
                        round += wake(conversation, now) ? 1 : 0;
                    } catch (RuntimeException e) {
                        log.warn("waking snoozed conversation {} failed: {}", conversation.id(), e.toString());
                    }
                }
                woken += round;
                if (due.size() < WAKE_BATCH || round == 0) {
                    return woken;
                }
            }
        } catch (RuntimeException e) {
            log.warn("waking snoozed conversations failed: {}", e.toString());
            return woken;
        }
    }

    private boolean wake(Conversation due, long now) {
        ConversationJson.ContactRef contact = contactRef(due);
        Conversation woken = write(due.workspaceId(), h -> {
            if (repository.wake(h, due.workspaceId(), due.id(), now) == 0) {
                return null; // reopened or snoozed again for later meanwhile
            }
            Conversation updated = reload(h, due.workspaceId(), due.id());
            List<DomainEvent> events = new ArrayList<>();
            events.add(new ConversationEvent.ConversationStatusChanged(updated,
                    record(h, updated, "conversation.status_changed", true, contact)));
            events.add(systemMessages.write(h, updated, SystemMessage.snoozeEnded(), now));
            return new Changed(updated, events);
        });
        return woken != null;
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
            RecordedEvent recorded = eventLog.append(h, reader.workspaceId(), conversationId, updated.contactId(),
                    "conversation.read", 0, payload, payload);
            return new ConversationEvent.ConversationRead(updated, readerType, seq, recorded);
        }, bus::publish).conversation();
    }

    static Conversation withOwner(Conversation c, String owner) {
        return new Conversation(c.id(), c.workspaceId(), c.contactId(), c.visitorId(), c.status(), c.snoozedUntil(),
                c.assigneeId(), c.lastSeq(), c.visitorReadSeq(), c.agentReadSeq(), c.lastMessagePreview(), c.createdAt(),
                c.lastActivityAt(), c.firstAgentReplyAt(), c.resolvedAt(), owner, c.attributes());
    }

    /** Runs a write that may change a conversation and publishes its events after commit, in order. */
    Conversation write(String workspaceId, Function<Handle, Changed> work) {
        Changed changed = db.write(workspaceId, work, result -> {
            if (result != null) {
                result.events().forEach(bus::publish);
            }
        });
        return changed == null ? null : changed.conversation();
    }

    Conversation reload(Handle h, String workspaceId, String id) {
        return ConversationRepository.find(h, workspaceId, id).orElseThrow(() -> ApiError.notFound("Conversation"));
    }

    /** Renders and appends an event; the contact is read before the write, never from inside it. */
    RecordedEvent record(Handle h, Conversation c, String name, boolean visitorSees,
                                 ConversationJson.ContactRef contact) {
        return record(h, c, name, visitorSees, contact, Map.of());
    }

    /** As above, with more fields for agents beside {@code conversation} (a handover's from, to and reason). */
    RecordedEvent record(Handle h, Conversation c, String name, boolean visitorSees, ConversationJson.ContactRef contact,
                         Map<String, Object> moreForAgents) {
        Map<String, Object> agentData = new java.util.LinkedHashMap<>();
        agentData.put("conversation", ConversationJson.forAgent(c, contact, null));
        agentData.putAll(moreForAgents);
        String forAgents = Json.write(agentData);
        String forVisitor = visitorSees ? Json.write(Map.of("conversation", ConversationJson.forVisitor(c))) : null;
        return eventLog.append(h, c.workspaceId(), c.id(), c.contactId(), name, 0, forAgents, forVisitor);
    }

    ConversationJson.ContactRef contactRef(Conversation c) {
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
