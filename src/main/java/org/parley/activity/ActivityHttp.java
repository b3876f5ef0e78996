package org.parley.activity;

import java.util.List;
import java.util.Map;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** Agents see where the visitor of a conversation is and has been. */
public final class ActivityHttp {
    private final ActivityService activity;
    private final ConversationService conversations;
    private final Authenticator auth;

    public ActivityHttp(ActivityService activity, ConversationService conversations, Authenticator auth) {
        this.activity = activity;
        this.conversations = conversations;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/conversations/{id}/activity", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            Conversation conversation = conversations.require(agent, ctx.pathParam("id"));
            List<Map<String, Object>> recent = activity.recent(agent.workspaceId(), conversation.visitorId(), 50);
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            recent.stream().filter(e -> "page_view".equals(e.get("type"))).findFirst()
                    .ifPresent(current -> json.put("current_page", current));
            json.put("activity", recent);
            activity.summary(agent.workspaceId(), conversation.visitorId()).ifPresent(visitor -> json.put("visitor", visitor));
            ctx.json(json);
        });
    }
}
