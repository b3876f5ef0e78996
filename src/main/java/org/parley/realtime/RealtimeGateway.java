package org.parley.realtime;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.conversation.ConversationService;
import org.parley.eventbus.EventLog;
import org.parley.http.ApiError;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Presence;
import org.parley.identity.AgentService;
import org.parley.identity.Authenticator;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;
import org.parley.identity.VisitorService;
import org.parley.message.Message;
import org.parley.message.MessageService;
import org.parley.message.SendMessage;
import org.parley.storage.Database;
import org.parley.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket edge for both audiences: parses frames, calls the same services as REST, renders
 * answers. Fan-out of events is RealtimeDeliverer's job.
 */
public final class RealtimeGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RealtimeGateway.class);
    private static final String CONNECTION = "parley.connection";
    private static final String COOKIE_PRINCIPAL = "parley.cookiePrincipal";
    private static final String ORIGIN = "parley.origin";
    static final int CLOSE_UNAUTHORIZED = 4401;
    /** Service Restart (RFC 6455 registry): the node is stopping; reconnect now (the clients add 0-2 s of jitter). */
    static final int CLOSE_SERVICE_RESTART = 1012;
    private static final long HOLD_WITHOUT_RESUME_MS = 3_000;

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final RealtimeDeliverer deliverer = new RealtimeDeliverer(registry);
    private final Authenticator auth;
    private final AgentService agents;
    private final VisitorService visitors;
    private final ConversationService conversations;
    private final MessageService messages;
    private final EventLog eventLog;
    private final Database db;
    private final Clock clock;
    private final RateLimiter sendLimiter;
    private final WorkspaceService workspaces;
    private final String baseUrl;
    private final Presence presence;
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ws-pinger").daemon().factory());
    private final VisitorAttendance attendance;
    private final Replay replay;
    private final CredentialCheck credentials;
    private final Admission admission;
    private final TypingRelay typingRelay;

    public RealtimeGateway(Authenticator auth, AgentService agents, VisitorService visitors,
                           ConversationService conversations, MessageService messages, EventLog eventLog,
                           Database db, Clock clock, RateLimiter sendLimiter, WorkspaceService workspaces,
                           String baseUrl, Presence presence, ConnectionLimits limits) {
        this.presence = presence;
        this.workspaces = workspaces;
        this.baseUrl = baseUrl;
        this.auth = auth;
        this.agents = agents;
        this.visitors = visitors;
        this.conversations = conversations;
        this.messages = messages;
        this.eventLog = eventLog;
        this.db = db;
        this.clock = clock;
        this.sendLimiter = sendLimiter;
        this.attendance = new VisitorAttendance(registry, clock, pinger);
        this.replay = new Replay(db, eventLog, conversations, messages);
        this.credentials = new CredentialCheck(registry, agents);
        this.admission = new Admission(limits, pinger);
        this.typingRelay = new TypingRelay(registry, conversations, clock);
        pinger.scheduleAtFixedRate(this::pingAll, 25, 25, TimeUnit.SECONDS);
    }

    public RealtimeDeliverer deliverer() {
        return deliverer;
    }

    /** Whether someone of the workspace's team is connected and online (shown by the widget). */
    public boolean hasAgentsOnline(String workspaceId) {
        return presence.anyOnline(workspaceId);
    }

    /**
     * Closes the widget sockets of a contact whose browsers moved to another contact (signed identify):
     * with 4401 the widget takes a fresh session for its token and reconnects as the contact it now is.
     */
    public void closeContactSockets(String contactId) {
        registry.contact(contactId).forEach(c -> c.close(CLOSE_UNAUTHORIZED, "identity changed; reconnect"));
    }

    /** Tells the workspace's agents that a teammate's presence changed (ephemeral, never replayed). */
    public void presenceChanged(String workspaceId, String agentId, String state) {
        toAgents(workspaceId, Frames.of("type", "presence", "agent_id", agentId, "presence", state));
    }

    /** An ephemeral event (no cursor, never replayed) to the workspace's agents: live visitors, docs/realtime.md. */
    public void toAgents(String workspaceId, String event, Object data) {
        toAgents(workspaceId, Frames.of("type", "event", "event", event, "data", data));
    }

    private void toAgents(String workspaceId, String frame) {
        registry.agents(workspaceId).forEach(c -> c.send(frame));
    }

    /** A bot app's typing (POST /api/v1/conversations/{id}/typing, docs/apps.md), relayed as a socket's would be. */
    public void typing(AgentPrincipal sender, org.parley.conversation.Conversation conversation, boolean typing) {
        typingRelay.fromServer(sender, conversation, typing);
    }

    private void closed(Connection connection) {
        if (connection == null) {
            return;
        }
        synchronized (connection) {
            connection.markClosed();
            if (connection.principal() instanceof VisitorPrincipal visitor) {
                attendance.socketClosed(visitor);
            }
            if (registry.closed(connection)) {
                admission.release(connection);
                if (connection.countedInPresence()) {
                    AgentPrincipal agent = connection.agent();
                    presence.disconnected(agent.workspaceId(), agent.agentId());
                }
            }
        }
    }

    /**
     * Whether the contact is on the site: a widget socket open now, or closed less than the grace period
     * ago (a reload or a click to another page reconnects within that).
     */
    public boolean isVisitorPresent(String workspaceId, String contactId) {
        return attendance.isPresent(workspaceId, contactId);
    }

    /** Test hook: the reload grace period after which a visitor whose sockets all closed has left. */
    public void visitorGrace(java.time.Duration grace) {
        attendance.grace(grace);
    }

    /** Test hook: sockets opened from now on are closed when they have not authenticated within {@code deadline}. */
    public void authDeadline(java.time.Duration deadline) {
        admission.authDeadline(deadline);
    }

    /** When the contact left (their last widget socket closed), within the last day; null while present or unknown. */
    public Long visitorLeftAt(String workspaceId, String contactId) {
        return attendance.leftAt(workspaceId, contactId);
    }

    public int connectionCount() { return registry.size(); }

    /** Open sockets of one kind: "agent" (people and integrations), "visitor", or "unauthenticated" (no auth frame yet). */
    public int connectionCount(String kind) {
        return registry.count(kind);
    }

    /** Graceful shutdown (docs/operations.md): every socket told 1012 (reconnect now), close handshakes awaited up to {@code wait}. */
    public void closeForRestart(java.time.Duration wait) {
        registry.closeAll(CLOSE_SERVICE_RESTART, "service restart", wait);
    }

    public void register(Routes routes) {
        routes.ws("/ws/visitor", ws -> endpoint(ws, false));
        routes.ws("/ws/agent", ws -> endpoint(ws, true));
    }

    private void endpoint(WsConfig ws, boolean agentEndpoint) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(org.parley.http.HttpServer.WS_IDLE_TIMEOUT);
            Connection connection = new Connection(ctx, clock.millis(),
                    ConnectionLimits.addressKey(ctx.session.getRemoteSocketAddress()));
            ctx.attribute(CONNECTION, connection);
            if (!admission.admit(connection)) {
                return;
            }
            // Registered at once: whatever fails below (the cookie's read), closed() gives the address's slot back.
            registry.opened(connection);
            String origin = ctx.header("Origin");
            if (origin != null) {
                ctx.attribute(ORIGIN, origin);
            }
            if (agentEndpoint) {
                auth.agentFromCookie(ctx.cookie(Authenticator.SESSION_COOKIE), ctx.header("Origin"))
                        .ifPresent(p -> ctx.attribute(COOKIE_PRINCIPAL, p));
            }
        });
        ws.onClose(ctx -> closed(ctx.attribute(CONNECTION)));
        ws.onError(ctx -> closed(ctx.attribute(CONNECTION)));
        ws.onMessage(ctx -> {
            Connection connection = ctx.attribute(CONNECTION);
            String clientMsgId = null;
            try {
                Frames.ClientFrame frame = Frames.parse(ctx.message());
                if (frame instanceof Frames.Send send) {
                    clientMsgId = send.clientMsgId();
                }
                handle(ctx, connection, frame, agentEndpoint);
            } catch (ApiError e) {
                connection.send(Frames.error(e, clientMsgId));
            } catch (RuntimeException e) {
                log.error("frame failed", e);
                connection.send(Frames.error(new ApiError(500, "internal", "Internal error"), clientMsgId));
            }
        });
    }

    private void handle(WsContext ctx, Connection connection, Frames.ClientFrame frame, boolean agentEndpoint) {
        if (frame instanceof Frames.Ping) {
            connection.send(Frames.PONG);
            return;
        }
        if (frame instanceof Frames.Auth authFrame) {
            authenticate(ctx, connection, authFrame, agentEndpoint);
            return;
        }
        Principal principal = connection.principal();
        if (principal == null) {
            throw ApiError.unauthorized("Send an 'auth' frame first");
        }
        if (!(frame instanceof Frames.Resume)) {
            connection.endHoldWithoutResume(); // a client that does not resume gets live events from its first frame on
        }
        switch (frame) {
            case Frames.Send send -> send(connection, principal, send);
            case Frames.Resume resume -> {
                if (!connection.allowResume(clock.millis())) {
                    throw ApiError.rateLimited();
                }
                replay.resume(connection, resume);
            }
            case Frames.Typing typing -> typingRelay.relay(connection, principal, typing, required(typing.conversationId()));
            case Frames.Read read -> {
                if (read.seq() == null) {
                    throw ApiError.badRequest("Field 'seq' is required");
                }
                conversations.markRead(principal, required(read.conversationId()), read.seq());
            }
            default -> throw new IllegalStateException("unhandled frame " + frame);
        }
    }

    private void authenticate(WsContext ctx, Connection connection, Frames.Auth frame, boolean agentEndpoint) {
        if (connection.principal() != null) {
            throw ApiError.badRequest("Already authenticated");
        }
        Optional<? extends Principal> principal;
        String credential = null;
        if (agentEndpoint) {
            principal = frame.token() != null ? Optional.empty()
                    : frame.apiKey() != null ? agents.authenticateApiKey(frame.apiKey())
                    : Optional.ofNullable(ctx.attribute(COOKIE_PRINCIPAL));
            credential = frame.apiKey() != null ? frame.apiKey() : ctx.cookie(Authenticator.SESSION_COOKIE);
        } else {
            String origin = ctx.attribute(ORIGIN);
            principal = frame.apiKey() != null ? Optional.empty() : visitors.authenticate(frame.token())
                    .filter(v -> origin == null || origin.equals(baseUrl)
                            || workspaces.require(v.workspaceId()).allowsOrigin(origin));
        }
        if (principal.isEmpty()) {
            connection.send(Frames.error(ApiError.unauthorized("Authentication failed"), null));
            connection.close(CLOSE_UNAUTHORIZED, "unauthorized");
            return;
        }
        boolean wasPresent = principal.get() instanceof VisitorPrincipal v && attendance.isPresent(v.workspaceId(), v.contactId());
        synchronized (connection) {
            // A socket closed meanwhile (or refused at the upgrade) takes no slot: nothing would give it back.
            if (connection.isClosed() || !admission.admit(connection, principal.get())) {
                return;
            }
            connection.authenticate(principal.get(), credential);
            if (principal.get() instanceof AgentPrincipal agent && !agent.isIntegration()) {
                presence.connected(agent.workspaceId(), agent.agentId(),
                        agents.settings(agent.workspaceId(), agent.agentId()).presence());
                connection.countInPresence();
            }
        }
        // Hold live events from now until the client's resume (or its first other frame, or a short
        // timeout): an event sent live before the replay would otherwise hide the missed ones below it.
        connection.awaitResume();
        registry.join(connection);
        if (!ctx.session.isOpen()) {
            closed(connection);
            return;
        }
        if (principal.get() instanceof VisitorPrincipal visitor) {
            attendance.arrived(visitor, wasPresent);
        }
        pinger.schedule(() -> expireHold(connection), HOLD_WITHOUT_RESUME_MS, TimeUnit.MILLISECONDS);
        if (principal.get() instanceof AgentPrincipal agent) {
            long cursor = db.read(h -> eventLog.currentCursor(h, agent.workspaceId()));
            connection.send(agent.isIntegration()
                    ? Frames.of("type", "ready", "api_key_id", agent.apiKeyId(), "workspace_id", agent.workspaceId(), "cursor", cursor)
                    : Frames.of("type", "ready", "agent_id", agent.agentId(), "workspace_id", agent.workspaceId(), "cursor", cursor));
        } else {
            VisitorPrincipal visitor = (VisitorPrincipal) principal.get();
            List<Map<String, Object>> list = conversations.listForVisitor(visitor).stream()
                    .map(c -> Map.<String, Object>of("id", c.id(), "last_seq", c.lastSeq(), "status", c.status().wire()))
                    .toList();
            connection.send(Frames.of("type", "ready", "visitor_id", visitor.visitorId(), "conversations", list));
        }
    }

    private void send(Connection connection, Principal principal, Frames.Send frame) {
        if (principal instanceof VisitorPrincipal visitor) {
            sendLimiter.acquire("send:" + visitor.visitorId());
        }
        var result = messages.send(principal, new SendMessage(required(frame.conversationId()), frame.clientMsgId(),
                frame.text(), Boolean.TRUE.equals(frame.isPrivate()), frame.mentions(), frame.content(), frame.payload(),
                frame.attachments()));
        Message m = result.message();
        connection.send(Frames.of("type", "ack", "client_msg_id", m.clientMsgId(), "message_id", m.id(),
                "conversation_id", m.conversationId(), "seq", m.seq()));
    }

    /** The hold timer's work for one socket (3 s after auth). */
    private static void expireHold(Connection connection) {
        connection.endHoldWithoutResume();
    }

    /** Test hook: runs the hold timer of every socket now, as if its 3 s had passed. */
    public void expireHolds() {
        registry.all().forEach(RealtimeGateway::expireHold);
    }

    /** Test hook: {@code hook} runs before each replayed event with its index within the resume. */
    public void beforeReplayedEvent(java.util.function.IntConsumer hook) {
        replay.beforeReplayedEvent(hook);
    }

    private static String required(String conversationId) {
        if (conversationId == null) {
            throw ApiError.badRequest("Field 'conversation_id' is required");
        }
        return conversationId;
    }

    /**
     * Closes agent sockets whose credential no longer holds (logout, password change, revoked key,
     * deactivated agent). Runs with every ping round; public so tests need not wait for one.
     */
    public void revalidateAgents() {
        credentials.revalidate(null);
    }

    /** Checks the sockets of one agent now: their sessions ended (logout, password reset, deactivation). */
    public void revalidateAgent(String workspaceId, String agentId) {
        credentials.revalidate(agentId);
    }

    /** A disabled workspace: each of its sockets closes (4401), and authenticating again fails. */
    public void closeWorkspace(String workspaceId) {
        credentials.workspaceDisabled(workspaceId);
    }

    /** Closes at once the sockets authenticated with a revoked API key. */
    public void apiKeyRevoked(String workspaceId, String apiKeyId) {
        credentials.apiKeyRevoked(workspaceId, apiKeyId);
    }

    private void pingAll() {
        attendance.prune();
        try {
            revalidateAgents();
        } catch (RuntimeException e) {
            log.warn("revalidating agent sockets failed: {}", e.getMessage());
        }
        for (Connection connection : registry.all()) {
            try {
                connection.ping(); // the auth deadline has its own timer per socket (Admission)
            } catch (RuntimeException e) {
                log.debug("ping failed", e);
            }
        }
    }

    @Override
    public void close() {
        pinger.shutdownNow();
    }
}
