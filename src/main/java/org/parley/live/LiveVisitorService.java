package org.parley.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import org.parley.activity.ActivityRecorded;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationEvent;
import org.parley.conversation.ConversationService;
import org.parley.conversation.ConversationStatus;
import org.parley.http.ApiError;
import org.parley.http.RateLimiter;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.VisitorPrincipal;
import org.parley.identity.VisitorService;
import org.parley.message.MessageService;
import org.parley.message.RichContent;
import org.parley.message.SendMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live visitors (docs/analytics.md): follows the site from activity and heartbeats, tells agents who is there,
 * and starts proactive conversations through the one message path.
 */
public final class LiveVisitorService {
    private static final Logger log = LoggerFactory.getLogger(LiveVisitorService.class);
    /** Proactive conversations one browser may be sent in one stay on the list. */
    public static final int MAX_PROACTIVE = 3;

    public record ProactiveMessage(String clientMsgId, String text, JsonNode content) {
    }

    /** A proactive message's outcome: {@code existing} when the same client_msg_id had already started it. */
    public record Proactive(String conversationId, MessageService.SendResult sent, boolean existing) {
    }

    private final LiveVisitors registry;
    private final VisitorService visitors;
    private final ConversationService conversations;
    private final MessageService messages;
    private final AgentFeed feed;
    /** Whether the contact's widget socket is open (workspace id, contact id). */
    private final BiPredicate<String, String> socketOpen;
    private final RateLimiter proactiveLimiter;
    /** One proactive start at a time per entry (striped: bounded memory), so a retry finds what the first made. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    public LiveVisitorService(LiveVisitors registry, VisitorService visitors, ConversationService conversations,
                              MessageService messages, AgentFeed feed, BiPredicate<String, String> socketOpen,
                              RateLimiter proactiveLimiter) {
        this.registry = registry;
        this.visitors = visitors;
        this.conversations = conversations;
        this.messages = messages;
        this.feed = feed;
        this.socketOpen = socketOpen;
        this.proactiveLimiter = proactiveLimiter;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Async subscriber: a beacon's events (a new browser's visit is read from the database). */
    public void on(ActivityRecorded e) {
        if (e.anonId() == null && e.visitorId() == null) {
            return;
        }
        registry.activity(new Browser(e.workspaceId(), e.anonId(), e.visitorId()), e.events(), e.userAgent())
                .ifPresent(v -> updated(e.workspaceId(), v));
    }

    /** Sync subscriber: a conversation opened or resolved changes whether its browser is chatting. */
    public void on(ConversationEvent e) {
        if (e instanceof ConversationEvent.ConversationCreated || e instanceof ConversationEvent.ConversationStatusChanged) {
            Conversation c = e.conversation();
            registry.conversation(c.workspaceId(), c.visitorId(), c.id(), c.status() != ConversationStatus.RESOLVED)
                    .ifPresent(v -> updated(c.workspaceId(), v));
        }
    }

    /**
     * A heartbeat from the loader: {@code visitor} when it sent a valid token. Answers {@code {}}, or
     * {@code {"load": true}} when a proactive conversation waits for this browser, with {@code token} once when
     * the server made the browser's visitor session for it.
     */
    public Map<String, Object> ping(String workspaceId, String anonId, VisitorPrincipal visitor, String userAgent) {
        String contactId = visitor == null ? null : visitor.contactId();
        boolean socket = contactId != null && socketOpen.test(workspaceId, contactId);
        LiveVisitors.Beat beat = registry.heartbeat(new Browser(workspaceId, anonId, visitor == null ? null : visitor.visitorId()),
                contactId, socket, userAgent);
        if (beat.update() != null) {
            updated(workspaceId, beat.update());
        }
        if (beat.linked()) {
            conversations.listForVisitor(visitor).stream().filter(c -> c.status() != ConversationStatus.RESOLVED).findFirst()
                    .flatMap(c -> registry.conversation(workspaceId, visitor.visitorId(), c.id(), true))
                    .ifPresent(v -> updated(workspaceId, v));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (beat.token() != null || beat.load()) {
            answer.put("load", true);
        }
        if (beat.token() != null) {
            answer.put("token", beat.token());
        }
        return answer;
    }

    public List<LiveVisitor> list(AgentPrincipal agent) {
        return registry.list(agent.workspaceId());
    }

    /**
     * An agent's message to a browser on the site: starts a conversation (origin 'proactive') for its visitor,
     * made now when the browser has no session (the token goes to it with its next heartbeat), and sends the
     * message through MessageService.send. Idempotent by client_msg_id; 404 for an entry not (or no longer) listed.
     */
    public Proactive message(AgentPrincipal agent, String id, ProactiveMessage m) {
        MessageService.validateContent(m.clientMsgId(), m.text());
        if (m.content() != null) {
            RichContent.validate(m.content());
        }
        String workspaceId = agent.workspaceId();
        ReentrantLock lock = locks[Math.floorMod((workspaceId + id).hashCode(), locks.length)];
        lock.lock();
        try {
            LiveVisitors.Target target = registry.target(workspaceId, id == null ? "" : id)
                    .orElseThrow(() -> ApiError.notFound("Visitor"));
            if (!target.proactive().contains(m.clientMsgId())) {
                if (target.proactive().size() >= MAX_PROACTIVE) {
                    throw new ApiError(409, "proactive_limit", "This visitor was already sent " + MAX_PROACTIVE
                            + " proactive messages; wait for them to answer or leave");
                }
                proactiveLimiter.acquire("proactive:" + workspaceId);
            }
            VisitorPrincipal visitor = visitorOf(target, id);
            ConversationService.Started started = conversations.startProactive(visitor, m.clientMsgId());
            String conversationId = started.conversation().id();
            MessageService.SendResult sent = messages.send(agent, new SendMessage(conversationId, m.clientMsgId(), m.text(),
                    false, List.of(), m.content(), null));
            boolean load = !socketOpen.test(workspaceId, visitor.contactId());
            registry.proactive(workspaceId, id, m.clientMsgId(), conversationId, load).ifPresent(v -> updated(workspaceId, v));
            return new Proactive(conversationId, sent, started.existing());
        } finally {
            lock.unlock();
        }
    }

    /** The entry's visitor; made (with its contact) when the browser has no session yet, as a widget session would. */
    private VisitorPrincipal visitorOf(LiveVisitors.Target target, String id) {
        String workspaceId = target.browser().workspaceId();
        String visitorId = target.browser().visitorId();
        if (visitorId != null && target.contactId() != null) {
            return new VisitorPrincipal(workspaceId, visitorId, target.contactId());
        }
        if (visitorId != null) {
            VisitorPrincipal known = visitors.find(workspaceId, visitorId).orElseThrow(() -> ApiError.notFound("Visitor"));
            registry.link(workspaceId, id, known.visitorId(), known.contactId(), null);
            return known;
        }
        VisitorService.VisitorSession session = visitors.start(workspaceId, null, () -> { });
        registry.link(workspaceId, id, session.principal().visitorId(), session.principal().contactId(), session.token());
        return session.principal();
    }

    /** The job Wiring runs every second: throttled updates now due, and browsers gone. Never throws. */
    public void sweep() {
        try {
            LiveVisitors.Sweep sweep = registry.sweep();
            sweep.updated().forEach(u -> updated(u.workspaceId(), u.visitor()));
            sweep.left().forEach(l -> feed.send(l.workspaceId(), "visitor.left", Map.of("id", l.id())));
        } catch (RuntimeException e) {
            log.warn("live visitors sweep failed", e);
        }
    }

    private void updated(String workspaceId, LiveVisitor visitor) {
        feed.send(workspaceId, "visitor.updated", visitor);
    }
}
