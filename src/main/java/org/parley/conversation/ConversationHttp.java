package org.parley.conversation;

import io.javalin.http.Context;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Query;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;

/** Conversation routes for both audiences. Message routes are in MessageHttp. */
public final class ConversationHttp {
    record AssignBody(String assigneeId) {
    }

    record StatusBody(String status, Long snoozedUntil) {
    }

    record ReadBody(Long seq) {
    }

    private final ConversationService conversations;
    private final Authenticator auth;

    public ConversationHttp(ConversationService conversations, Authenticator auth) {
        this.conversations = conversations;
        this.auth = auth;
    }

    public void register(Routes routes) {
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
        String before = ctx.queryParam("before");
        return new ConversationFilter(
                status == null ? null : ConversationStatus.parse(status),
                ctx.queryParam("assignee"),
                Query.flag(ctx, "unassigned"),
                Query.flag(ctx, "mine"),
                before == null ? null : ConversationFilter.Cursor.parse(before),
                (int) Query.number(ctx, "limit", 1, 200, 50));
    }
}
