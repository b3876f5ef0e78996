package org.parley.identity;

import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;

/** Sign-in, sessions, agents and API keys over REST. */
public final class IdentityHttp {
    /** {@code workspace_id}: which of the account's workspaces to open (default: its oldest). */
    record LoginBody(String email, String password, String workspaceId) {
    }

    record SwitchBody(String workspaceId) {
    }

    record PasswordBody(String currentPassword, String newPassword) {
    }

    record CreateAgentBody(String email, String name, String password, String role) {
    }

    record CreateApiKeyBody(String name) {
    }

    record ResetRequestBody(String email) {
    }

    record ResetConfirmBody(String token, String newPassword) {
    }

    record UpdateMeBody(String name, String presence, AgentSettings.Change notifications) {
    }

    private final AgentService agents;
    private final ApiKeyService apiKeys;
    private final PasswordResetService resets;
    private final Presence presence;
    private final Authenticator auth;
    private final RateLimiter loginLimiter;
    /**
     * Per account, whatever the IP (many addresses guessing one password): keyed by the email as typed,
     * lower-cased, so a known and an unknown account are limited, answered and timed alike (issue 11).
     */
    private final RateLimiter accountLimiter;
    /** PARLEY_SIGNUP is not closed: owners may create further workspaces, not only the server's admins. */
    private final boolean ownersCreateWorkspaces;

    public IdentityHttp(AgentService agents, ApiKeyService apiKeys, PasswordResetService resets, Presence presence,
                        Authenticator auth, RateLimiter loginLimiter, RateLimiter accountLimiter, boolean ownersCreateWorkspaces) {
        this.apiKeys = apiKeys;
        this.ownersCreateWorkspaces = ownersCreateWorkspaces;
        this.accountLimiter = accountLimiter;
        this.agents = agents;
        this.resets = resets;
        this.presence = presence;
        this.auth = auth;
        this.loginLimiter = loginLimiter;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/auth/login", ctx -> {
            loginLimiter.acquire("login:" + ctx.ip());
            auth.requireSameOrigin(ctx);
            LoginBody body = Json.parse(ctx.bodyAsBytes(), LoginBody.class);
            accountLimiter.acquire("login:" + accountKey(body.email()));
            AgentService.Session session = agents.login(body.email(), body.password(),
                    ctx.cookie(Authenticator.SESSION_COOKIE), body.workspaceId());
            ctx.header("Set-Cookie", auth.sessionCookie(session.token(), AgentService.SESSION_LIFETIME.toSeconds()));
            ctx.json(signedIn(session.agent()));
        });
        routes.post("/api/v1/auth/workspace", ctx -> {
            AgentPrincipal principal = auth.requireAgent(ctx);
            SwitchBody body = Json.parse(ctx.bodyAsBytes(), SwitchBody.class);
            if (body.workspaceId() == null) {
                throw ApiError.badRequest("Field 'workspace_id' is required");
            }
            AgentService.Session session = agents.switchWorkspace(principal, ctx.cookie(Authenticator.SESSION_COOKIE),
                    body.workspaceId());
            ctx.header("Set-Cookie", auth.sessionCookie(session.token(), AgentService.SESSION_LIFETIME.toSeconds()));
            ctx.json(signedIn(session.agent()));
        });
        routes.post("/api/v1/auth/logout", ctx -> {
            AgentPrincipal principal = auth.requireAgent(ctx);
            agents.logout(principal, ctx.cookie(Authenticator.SESSION_COOKIE));
            ctx.header("Set-Cookie", auth.sessionCookie("", 0));
            ctx.status(204);
        });
        routes.get("/api/v1/auth/me", ctx -> {
            AgentPrincipal principal = auth.requireAgent(ctx);
            if (principal.isApp()) {
                ctx.json(Map.of("app", Map.of("id", principal.appId(), "name", principal.name()),
                        "workspace_id", principal.workspaceId()));
            } else if (principal.isIntegration()) {
                ctx.json(Map.of("api_key", Map.of("id", principal.apiKeyId(), "name", principal.name()),
                        "workspace_id", principal.workspaceId()));
            } else {
                ctx.json(signedIn(agents.require(principal, principal.agentId())));
            }
        });
        routes.patch("/api/v1/auth/me", ctx -> {
            AgentPrincipal principal = auth.requireAgent(ctx);
            UpdateMeBody body = Json.parse(ctx.bodyAsBytes(), UpdateMeBody.class);
            ctx.json(Map.of("agent", own(agents.updateMe(principal, body.name(), body.presence(), body.notifications()))));
        });
        routes.post("/api/v1/auth/password-reset", ctx -> {
            loginLimiter.acquire("reset:" + ctx.ip());
            ResetRequestBody body = Json.parse(ctx.bodyAsBytes(), ResetRequestBody.class);
            accountLimiter.acquire("reset:" + accountKey(body.email()));
            resets.request(body.email());
            ctx.status(202).json(Map.of());
        });
        routes.post("/api/v1/auth/password-reset/confirm", ctx -> {
            loginLimiter.acquire("reset:" + ctx.ip());
            ResetConfirmBody body = Json.parse(ctx.bodyAsBytes(), ResetConfirmBody.class);
            resets.confirm(body.token(), body.newPassword());
            ctx.status(204);
        });
        routes.post("/api/v1/auth/password", ctx -> {
            AgentPrincipal principal = auth.requireAgent(ctx);
            PasswordBody body = Json.parse(ctx.bodyAsBytes(), PasswordBody.class);
            AgentService.Session session = agents.changePassword(principal, body.currentPassword(), body.newPassword());
            ctx.header("Set-Cookie", auth.sessionCookie(session.token(), AgentService.SESSION_LIFETIME.toSeconds()));
            ctx.status(204);
        });
        routes.get("/api/v1/agents", ctx -> {
            AgentPrincipal principal = auth.requireAgent(ctx);
            ctx.json(Map.of("agents", agents.list(principal).stream()
                    .map(a -> AgentJson.of(a, presence.of(a.workspaceId(), a.id()))).toList()));
        });
        routes.post("/api/v1/agents", ctx -> {
            AgentPrincipal principal = auth.requireAdmin(ctx);
            CreateAgentBody body = Json.parse(ctx.bodyAsBytes(), CreateAgentBody.class);
            Role role = body.role() == null ? Role.AGENT : parseRole(body.role());
            if (role == Role.OWNER && principal.role() != Role.OWNER) {
                throw ApiError.forbidden("Only an owner can create owners");
            }
            Agent agent = agents.create(principal.workspaceId(), body.email(), body.name(), body.password(), role);
            ctx.status(201).json(AgentJson.of(agent, Presence.OFFLINE));
        });
        routes.get("/api/v1/api-keys", ctx -> {
            AgentPrincipal principal = auth.requireAdmin(ctx);
            List<Map<String, Object>> keys = apiKeys.list(principal).stream().map(IdentityHttp::apiKeyJson).toList();
            ctx.json(Map.of("api_keys", keys));
        });
        routes.post("/api/v1/api-keys", ctx -> {
            AgentPrincipal principal = auth.requireAdmin(ctx);
            CreateApiKeyBody body = Json.parse(ctx.bodyAsBytes(), CreateApiKeyBody.class);
            ApiKeyService.IssuedApiKey issued = apiKeys.create(principal, body.name());
            Map<String, Object> json = new java.util.LinkedHashMap<>(apiKeyJson(issued.apiKey()));
            json.put("key", issued.key());
            ctx.status(201).json(json);
        });
        routes.delete("/api/v1/api-keys/{id}", ctx -> {
            AgentPrincipal principal = auth.requireAdmin(ctx);
            apiKeys.revoke(principal, ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    /** The signed-in agent, its workspace, the account's workspaces (the switcher), whether it administers the server. */
    private Map<String, Object> signedIn(Agent agent) {
        AgentPrincipal principal = new AgentPrincipal(agent.workspaceId(), agent.id(), null, agent.name(), agent.role());
        List<Map<String, Object>> workspaces = agents.memberships(principal).stream()
                .map(m -> Map.<String, Object>of("id", m.workspaceId(), "name", m.workspaceName(), "role", m.role().wire()))
                .toList();
        boolean serverAdmin = agents.isServerAdmin(principal);
        return Map.of("agent", own(agent), "workspace_id", agent.workspaceId(), "workspaces", workspaces,
                "server_admin", serverAdmin,
                "can_create_workspace", serverAdmin || (ownersCreateWorkspaces && agent.role() == Role.OWNER));
    }

    private AgentJson own(Agent agent) {
        return AgentJson.own(agent, presence.of(agent.workspaceId(), agent.id()), agents.settings(agent.workspaceId(), agent.id()));
    }

    static Role parseRole(String role) {
        if (role == null) {
            throw ApiError.badRequest("Field 'role' must be owner, admin or agent");
        }
        return switch (role) {
            case "owner" -> Role.OWNER;
            case "admin" -> Role.ADMIN;
            case "agent" -> Role.AGENT;
            default -> throw ApiError.badRequest("Field 'role' must be owner, admin or agent");
        };
    }

    private static Map<String, Object> apiKeyJson(ApiKey key) {
        return Map.of("id", key.id(), "name", key.name(), "prefix", key.prefix(), "created_at", key.createdAt());
    }

    private static String accountKey(String email) {
        return email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
