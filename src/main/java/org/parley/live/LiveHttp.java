package org.parley.live;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;
import org.parley.identity.VisitorService;
import org.parley.message.MessageJson;

/** Live visitors' routes: the loader's heartbeat, the agents' list and proactive messages (docs/analytics.md). */
public final class LiveHttp {
    private static final Pattern ANON = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final int MAX_PING_BYTES = 1024;

    /**
     * The heartbeat's body, sent as text/plain (a CORS simple request: no preflight, so no Authorization
     * header): the token travels in the body, never in the URL, like the anonymous id (the browser's secrets).
     */
    record PingBody(String key, String anon, String token) {
    }

    /** {@code content}: optional rich content beside the text, as for any agent message. */
    record MessageBody(String clientMsgId, String text, com.fasterxml.jackson.databind.JsonNode content) {
    }

    /** The workspace of a widget key when the request comes from one of its allowed origins (CORS headers set). */
    @FunctionalInterface
    public interface WidgetWorkspace {
        String require(Context ctx, String widgetKey);
    }

    private final LiveVisitorService live;
    private final ConversationService conversations;
    private final VisitorService visitors;
    private final Authenticator auth;
    private final WidgetWorkspace widgetWorkspace;
    private final RateLimiter pingLimiter;

    public LiveHttp(LiveVisitorService live, ConversationService conversations, VisitorService visitors, Authenticator auth,
                    WidgetWorkspace widgetWorkspace, RateLimiter pingLimiter) {
        this.live = live;
        this.conversations = conversations;
        this.visitors = visitors;
        this.auth = auth;
        this.widgetWorkspace = widgetWorkspace;
        this.pingLimiter = pingLimiter;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/widget/ping", this::ping);
        routes.get("/api/v1/visitors/live", ctx -> ctx.header("Cache-Control", "no-store")
                .json(Map.of("visitors", live.list(auth.requireAgent(ctx)))));
        routes.post("/api/v1/visitors/live/{id}/messages", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            MessageBody body = Json.parse(ctx.bodyAsBytes(), MessageBody.class);
            LiveVisitorService.Proactive sent = live.message(agent, ctx.pathParam("id"),
                    new LiveVisitorService.ProactiveMessage(body.clientMsgId(), body.text(), body.content()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("conversation", conversations.viewForAgent(agent, sent.conversationId()));
            json.put("message", MessageJson.of(sent.sent().message()));
            ctx.status(sent.existing() ? 200 : 201).json(json);
        });
    }

    private void ping(Context ctx) {
        if (ctx.bodyAsBytes().length > MAX_PING_BYTES) {
            throw ApiError.tooLarge("A ping must be under 1 KB");
        }
        PingBody body = Json.parse(ctx.bodyAsBytes(), PingBody.class);
        String workspaceId = widgetWorkspace.require(ctx, body.key());
        pingLimiter.acquire("ping:" + ctx.ip());
        if (body.anon() != null && !ANON.matcher(body.anon()).matches()) {
            throw ApiError.badRequest("Field 'anon' must be 16-64 characters of A-Z a-z 0-9 _ -");
        }
        VisitorPrincipal visitor = null;
        if (body.token() != null) {
            visitor = visitors.authenticate(body.token()).filter(v -> v.workspaceId().equals(workspaceId))
                    .orElseThrow(() -> ApiError.unauthorized("Unknown visitor token"));
        }
        if (body.anon() == null && visitor == null) {
            throw ApiError.badRequest("A ping needs 'anon' or 'token'");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(live.ping(workspaceId, body.anon(), visitor, ctx.header("User-Agent")));
    }
}
