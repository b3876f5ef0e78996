package org.parley.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** {@code GET /api/v1/conversations/reach?ids=a,b}: how a reply would reach each customer now (agents). */
public final class ReachHttp {
    private final ReachQueries queries;
    private final Authenticator auth;

    public ReachHttp(ReachQueries queries, Authenticator auth) {
        this.queries = queries;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/conversations/reach", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            String ids = ctx.queryParam("ids");
            if (ids == null || ids.isBlank()) {
                throw ApiError.badRequest("Query parameter 'ids' is required: conversation ids separated by commas");
            }
            List<String> list = Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
            if (list.size() > ReachQueries.MAX_IDS || list.stream().anyMatch(id -> id.length() > 64)) {
                throw ApiError.badRequest("At most " + ReachQueries.MAX_IDS + " conversation ids of at most 64 characters");
            }
            ctx.header("Cache-Control", "no-store");
            ctx.json(Map.of("reach", queries.reach(agent.workspaceId(), list).stream().map(ReachQueries.Reach::json).toList()));
        });
    }
}
