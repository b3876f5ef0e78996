package org.parley.identity;

import io.javalin.http.Context;
import java.util.Optional;
import org.parley.http.ApiError;

/**
 * Resolves the caller of a request. Agents: the session cookie (with an Origin check on state
 * changes, against CSRF) or {@code Authorization: Bearer pk_...}. Visitors: {@code Bearer vt_...}.
 */
public final class Authenticator {
    public static final String SESSION_COOKIE = "parley_session";

    /** Bot app tokens ({@code pa_...}), resolved by the app feature (docs/apps.md). */
    @FunctionalInterface
    public interface AppTokens {
        Optional<AgentPrincipal> authenticate(String token);

        AppTokens NONE = token -> Optional.empty();
    }

    /**
     * The routes an app token may use (method and route pattern): the Send API (with its file uploads), thread
     * control, and reads of the conversations it works in and their files. Everything else answers 403, so a leaked app token cannot read the team's data.
     */
    static final java.util.Set<String> APP_SCOPE = java.util.Set.of(
            "GET /api/v1/auth/me", "GET /api/v1/apps/me",
            "GET /api/v1/conversations/{id}", "GET /api/v1/conversations/{id}/messages",
            "POST /api/v1/conversations/{id}/messages", "POST /api/v1/conversations/{id}/read",
            "POST /api/v1/conversations/{id}/typing", "POST /api/v1/conversations/{id}/thread/pass",
            "POST /api/v1/conversations/{id}/thread/take", "POST /api/v1/conversations/{id}/thread/request",
            "POST /api/v1/files", "GET /api/v1/files/{id}", "GET /api/v1/files/{id}/thumbnail",
            "POST /api/v1/files/{id}/link");

    private final AgentService agents;
    private final VisitorService visitors;
    private final String baseUrl;
    private final AppTokens apps;

    public Authenticator(AgentService agents, VisitorService visitors, String baseUrl) {
        this(agents, visitors, baseUrl, AppTokens.NONE);
    }

    public Authenticator(AgentService agents, VisitorService visitors, String baseUrl, AppTokens apps) {
        this.agents = agents;
        this.visitors = visitors;
        this.baseUrl = baseUrl;
        this.apps = apps;
    }

    public AgentPrincipal requireAgent(Context ctx) {
        String bearer = bearer(ctx);
        if (bearer != null && bearer.startsWith("pa_")) {
            AgentPrincipal app = apps.authenticate(bearer).orElseThrow(() -> ApiError.unauthorized("Invalid app token"));
            String route = ctx.method().name() + " " + ctx.endpoint().path;
            if (!APP_SCOPE.contains(route)) {
                throw ApiError.forbidden("An app token may use only the Send API, thread control and conversation reads");
            }
            return app;
        }
        if (bearer != null) {
            return agents.authenticateApiKey(bearer).orElseThrow(() -> ApiError.unauthorized("Invalid API key"));
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie == null) {
            throw ApiError.unauthorized("Sign in or send an API key");
        }
        AgentPrincipal principal = agents.authenticateSession(cookie)
                .orElseThrow(() -> ApiError.unauthorized("Session expired; sign in again"));
        if (!isSafeMethod(ctx.method().name()) && !isSameOrigin(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"))) {
            throw ApiError.forbidden("Cross-origin request refused");
        }
        return principal;
    }

    public AgentPrincipal requireAdmin(Context ctx) {
        AgentPrincipal principal = requireAgent(ctx);
        AgentService.requireAdmin(principal);
        return principal;
    }

    public VisitorPrincipal requireVisitor(Context ctx) {
        String bearer = bearer(ctx);
        if (bearer == null) {
            throw ApiError.unauthorized("Send the visitor token as 'Authorization: Bearer vt_...'");
        }
        return visitors.authenticate(bearer).orElseThrow(() -> ApiError.unauthorized("Unknown visitor token"));
    }

    /** For WebSocket upgrades: the cookie counts only when the page is Parley's own. */
    public Optional<AgentPrincipal> agentFromCookie(String cookie, String origin) {
        if (cookie == null || origin == null || !origin.equals(baseUrl)) {
            return Optional.empty();
        }
        return agents.authenticateSession(cookie);
    }

    /** Refuses (403) a request that does not come from Parley's own pages: the forms that need no session. */
    public void requireSameOrigin(Context ctx) {
        if (!isSameOrigin(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"))) {
            throw ApiError.forbidden("Cross-origin request refused");
        }
    }

    public boolean isSameOrigin(String origin, String fetchSite) {
        if (origin != null) {
            return origin.equals(baseUrl);
        }
        // No Origin: not a browser's cross-site request unless Fetch Metadata says so.
        return fetchSite == null || fetchSite.equals("same-origin") || fetchSite.equals("none");
    }

    public String sessionCookie(String token, long maxAgeSeconds) {
        String secure = baseUrl.startsWith("https://") ? "; Secure" : "";
        return SESSION_COOKIE + "=" + token + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax" + secure;
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return null;
        }
        if (!header.startsWith("Bearer ") || header.length() > 200) {
            throw ApiError.unauthorized("Authorization must be 'Bearer <token>'");
        }
        return header.substring(7).strip();
    }

    private static boolean isSafeMethod(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
