package org.parley.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;

/** Admins manage the team: roles, deactivation, invitations; invitees look up and accept. */
public final class TeamHttp {
    record UpdateAgentBody(String role, Boolean active) {
    }

    record InviteBody(String email, String role) {
    }

    record AcceptBody(String token, String name, String password) {
    }

    private final AgentService agents;
    private final InvitationService invitations;
    private final Presence presence;
    private final Authenticator auth;
    private final RateLimiter limiter;

    public TeamHttp(AgentService agents, InvitationService invitations, Presence presence, Authenticator auth,
                    RateLimiter limiter) {
        this.agents = agents;
        this.invitations = invitations;
        this.presence = presence;
        this.auth = auth;
        this.limiter = limiter;
    }

    public void register(Routes routes) {
        routes.patch("/api/v1/agents/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            UpdateAgentBody body = Json.parse(ctx.bodyAsBytes(), UpdateAgentBody.class);
            if (body.role() == null && body.active() == null) {
                throw ApiError.badRequest("Send 'role', 'active' or both");
            }
            Role role = body.role() == null ? null : IdentityHttp.parseRole(body.role());
            Agent agent = agents.updateAgent(admin, ctx.pathParam("id"), role, body.active());
            ctx.json(AgentJson.of(agent, presence.of(agent.workspaceId(), agent.id())));
        });
        routes.get("/api/v1/invitations", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            ctx.json(Map.of("invitations", invitations.list(admin).stream().map(TeamHttp::json).toList()));
        });
        routes.post("/api/v1/invitations", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            InviteBody body = Json.parse(ctx.bodyAsBytes(), InviteBody.class);
            Role role = body.role() == null ? Role.AGENT : IdentityHttp.parseRole(body.role());
            InvitationService.Issued issued = invitations.create(admin, body.email(), role);
            ctx.status(201).json(Map.of("invitation", json(issued.invitation()), "url", issued.url()));
        });
        routes.delete("/api/v1/invitations/{id}", ctx -> {
            invitations.revoke(auth.requireAdmin(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.get("/api/v1/invitations/lookup", ctx -> {
            limiter.acquire("invite:" + ctx.ip());
            limiter.acquire("invite-token:" + tokenKey(ctx.queryParam("token")));
            InvitationService.Lookup found = invitations.lookup(ctx.queryParam("token"));
            ctx.json(Map.of("email", found.email(), "role", found.role(), "workspace_name", found.workspaceName(),
                    "existing_account", found.existingAccount()));
        });
        routes.post("/api/v1/invitations/accept", ctx -> {
            limiter.acquire("invite:" + ctx.ip());
            auth.requireSameOrigin(ctx);
            AcceptBody body = Json.parse(ctx.bodyAsBytes(), AcceptBody.class);
            // Per invitation as well as per IP: once accepting asks an existing account's password (issue 12),
            // guesses against one invitation stay slow from any number of addresses.
            limiter.acquire("invite-token:" + tokenKey(body.token()));
            AgentService.Session session = invitations.accept(body.token(), body.name(), body.password());
            ctx.header("Set-Cookie", auth.sessionCookie(session.token(), AgentService.SESSION_LIFETIME.toSeconds()));
            ctx.status(201).json(Map.of("agent", AgentJson.of(session.agent(), Presence.OFFLINE)));
        });
    }

    /** A short digest: the limiter's keys never hold a token. */
    private static String tokenKey(String token) {
        return token == null ? "" : org.parley.storage.Secrets.digest(token).substring(0, 16);
    }

    private static Map<String, Object> json(Invitation invitation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", invitation.id());
        json.put("email", invitation.email());
        json.put("role", invitation.role().wire());
        json.put("created_at", invitation.createdAt());
        json.put("expires_at", invitation.expiresAt());
        return json;
    }
}
