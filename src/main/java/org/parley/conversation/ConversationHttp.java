package org.parley.conversation;

import io.javalin.http.Context;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;
import org.parley.identity.VisitorService;
import org.parley.http.RateLimiter;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/** Conversation routes for both audiences. Message routes are in MessageHttp. */
public final class ConversationHttp {
    record AssignBody(String assigneeId) {
    }

    record StatusBody(String status, Long snoozedUntil) {
    }

    record ReadBody(Long seq) {
    }

    record SessionBody(String workspaceKey, String token) {
    }

    private final ConversationService conversations;
    private final Authenticator auth;
    private final WorkspaceService workspaces;
    private final VisitorService visitors;
    private final RateLimiter sessionLimiter;
    private final String baseUrl;

    public ConversationHttp(ConversationService conversations, Authenticator auth, WorkspaceService workspaces,
                            VisitorService visitors, RateLimiter sessionLimiter, String baseUrl) {
        this.baseUrl = baseUrl;
        this.conversations = conversations;
        this.auth = auth;
        this.workspaces = workspaces;
        this.visitors = visitors;
        this.sessionLimiter = sessionLimiter;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/visitor/session", ctx -> {
            SessionBody body = Json.parse(ctx.bodyAsBytes(), SessionBody.class);
            if (body.workspaceKey() == null) {
                throw ApiError.badRequest("Field 'workspace_key' is required");
            }
            Workspace workspace = workspaces.findByWidgetKey(body.workspaceKey())
                    .orElseThrow(() -> ApiError.notFound("Workspace"));
            String origin = ctx.header("Origin");
            if (origin != null && !origin.equals(baseUrl)) {
                if (!workspace.allowsOrigin(origin)) {
                    throw new ApiError(403, "origin_not_allowed", "The widget of this workspace is not allowed on this site");
                }
                ctx.header("Access-Control-Allow-Origin", origin);
                ctx.header("Vary", "Origin");
            }
            VisitorService.VisitorSession session = visitors.start(workspace.id(), body.token(),
                    () -> sessionLimiter.acquire("session:" + ctx.ip()));
            ctx.json(Map.of("token", session.token(), "visitor_id", session.principal().visitorId(),
                    "contact_id", session.principal().contactId(), "resumed", session.resumed(),
                    "conversations", conversations.listForVisitor(session.principal()).stream()
                            .map(ConversationJson::forVisitor).toList()));
        });
        routes.get("/api/v1/visitor/conversations", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            ctx.json(Map.of("conversations", conversations.listForVisitor(visitor).stream()
                    .map(ConversationJson::forVisitor).toList()));
        });
        routes.get("/api/v1/visitor/conversations/{id}", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            ctx.json(ConversationJson.forVisitor(conversations.require(visitor, ctx.pathParam("id"))));
        });
        routes.post("/api/v1/visitor/conversations/{id}/read", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            long seq = requireSeq(Json.parse(ctx.bodyAsBytes(), ReadBody.class));
            ctx.json(ConversationJson.forVisitor(conversations.markRead(visitor, ctx.pathParam("id"), seq)));
        });

        routes.get("/api/v1/conversations", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            ConversationFilter filter = filter(ctx);
            if (filter.mine() && agent.isIntegration()) {
                throw ApiError.badRequest("'mine' needs a signed-in agent; API keys have no conversations of their own");
            }
            var page = conversations.listForAgents(agent, filter);
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("conversations", page);
            if (page.size() == filter.limit()) {
                var last = page.get(page.size() - 1);
                json.put("next_before", last.lastActivityAt() + ":" + last.id());
            }
            ctx.json(json);
        });
        routes.post("/api/v1/conversations/{id}/assign", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            AssignBody body = Json.parse(ctx.bodyAsBytes(), AssignBody.class);
            conversations.assign(agent, ctx.pathParam("id"), body.assigneeId());
            ctx.json(conversations.viewForAgent(agent, ctx.pathParam("id")));
        });
        routes.post("/api/v1/conversations/{id}/status", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            StatusBody body = Json.parse(ctx.bodyAsBytes(), StatusBody.class);
            conversations.changeStatus(agent, ctx.pathParam("id"), ConversationStatus.parse(body.status()), body.snoozedUntil());
            ctx.json(conversations.viewForAgent(agent, ctx.pathParam("id")));
        });
        routes.post("/api/v1/conversations/{id}/read", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            long seq = requireSeq(Json.parse(ctx.bodyAsBytes(), ReadBody.class));
            conversations.markRead(agent, ctx.pathParam("id"), seq);
            ctx.json(conversations.viewForAgent(agent, ctx.pathParam("id")));
        });
    }

    private static long requireSeq(ReadBody body) {
        if (body.seq() == null) {
            throw ApiError.badRequest("Field 'seq' is required");
        }
        return body.seq();
    }

    private static ConversationFilter filter(Context ctx) {
        String status = ctx.queryParam("status");
        String limit = ctx.queryParam("limit");
        String before = ctx.queryParam("before");
        return new ConversationFilter(
                status == null ? null : ConversationStatus.parse(status),
                ctx.queryParam("assignee"),
                flag(ctx, "unassigned"),
                flag(ctx, "mine"),
                before == null ? null : ConversationFilter.Cursor.parse(before),
                limit == null ? 50 : (int) number("limit", limit, 1, 200));
    }

    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.badRequest("Query '" + name + "' must be true or false");
    }

    static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw ApiError.badRequest("Query '" + name + "' must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Query '" + name + "' must be a number");
        }
    }
}
