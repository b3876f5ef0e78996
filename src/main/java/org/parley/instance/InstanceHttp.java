package org.parley.instance;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.parley.config.Config;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.identity.Authenticator;
import org.parley.identity.Role;
import org.parley.storage.Database;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/**
 * The server itself: first-run setup, new workspaces, and the server admin's list of workspaces (disable,
 * enable). Every state change must come from Parley's own pages (Origin check), like sign-in.
 */
public final class InstanceHttp {
    record SetupBody(String setupToken, String name, String email, String password, String businessName, String siteUrl) {
    }

    record WorkspaceBody(String name, String siteUrl) {
    }

    private final SetupService setup;
    private final WorkspaceService workspaces;
    private final AgentService agents;
    private final Authenticator auth;
    private final Database db;
    private final RateLimiter limiter;
    private final Config.Signup signup;
    private final Consumer<String> onDisabled;
    private final String baseUrl;

    /** {@code onDisabled}: closes the sockets of a workspace just disabled (Wiring passes the gateway's). */
    public InstanceHttp(SetupService setup, WorkspaceService workspaces, AgentService agents, Authenticator auth,
                        Database db, RateLimiter limiter, Config.Signup signup, Consumer<String> onDisabled,
                        String baseUrl) {
        this.baseUrl = baseUrl;
        this.setup = setup;
        this.workspaces = workspaces;
        this.agents = agents;
        this.auth = auth;
        this.db = db;
        this.limiter = limiter;
        this.signup = signup;
        this.onDisabled = onDisabled;
    }

    public void register(Routes routes) {
        // What /app's first screen needs: the setup form, or sign-in (with a sign-up link when it is open).
        routes.get("/api/v1/setup", ctx -> ctx.json(Map.of("needed", setup.needed(), "token_required",
                setup.needed() && setup.tokenRequired(), "signup", signup.name().toLowerCase(java.util.Locale.ROOT))));
        routes.post("/api/v1/setup", ctx -> {
            limiter.acquire("setup:" + ctx.ip());
            auth.requireSameOrigin(ctx);
            SetupBody body = Json.parse(ctx.bodyAsBytes(), SetupBody.class);
            SetupService.Done done = setup.setup(new SetupService.Setup(body.setupToken(), body.name(), body.email(),
                    body.password(), body.businessName(), body.siteUrl()));
            AgentService.Session session = agents.login(body.email(), body.password(), null, done.workspace().id());
            ctx.header("Set-Cookie", auth.sessionCookie(session.token(), AgentService.SESSION_LIFETIME.toSeconds()));
            ctx.status(201).json(Map.of("agent", Map.of("id", done.owner().id(), "name", done.owner().name(),
                    "email", done.owner().email(), "role", done.owner().role().wire()), "workspace", json(done.workspace())));
        });
        routes.post("/api/v1/workspaces", ctx -> {
            AgentPrincipal creator = auth.requireAgent(ctx);
            boolean allowed = agents.isServerAdmin(creator)
                    || (signup != Config.Signup.CLOSED && creator.role() == Role.OWNER && !creator.isIntegration());
            if (!allowed) {
                throw ApiError.forbidden(signup == Config.Signup.CLOSED
                        ? "Only the server's administrators create workspaces (PARLEY_SIGNUP=closed)"
                        : "Only owners create further workspaces");
            }
            WorkspaceBody body = Json.parse(ctx.bodyAsBytes(), WorkspaceBody.class);
            String origin = WorkspaceService.siteOrigin(body.siteUrl());
            Workspace[] created = new Workspace[1];
            db.writeAll("workspaces", () -> {
                created[0] = workspaces.create(body.name(), List.of(origin), null);
                agents.joinAsOwner(creator, created[0].id());
            });
            ctx.status(201).json(Map.of("workspace", json(created[0])));
        });
        // "Test your widget": a blank page with the signed-in agent's own widget (never another workspace's).
        routes.get("/app/try", ctx -> {
            AgentPrincipal agent;
            try {
                agent = auth.requireAgent(ctx);
            } catch (ApiError signedOut) {
                ctx.redirect("/app");
                return;
            }
            Workspace ws = workspaces.require(agent.workspaceId());
            ctx.header("Cache-Control", "no-store");
            ctx.html("""
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Test your widget</title>
                    <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style>
                    <script>window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};</script>
                    <script src="%s/widget.js" data-workspace="%s" async></script>
                    </head><body><h1>Test your widget</h1>
                    <p>This page carries the widget of <strong>%s</strong>, as your site will. Open the bubble and
                    write a message: it arrives in your inbox. Answer it there and watch it appear here.</p></body></html>
                    """.formatted(baseUrl, ws.widgetKey(), escape(ws.name())));
        });
        routes.get("/api/v1/admin/workspaces", ctx -> {
            requireServerAdmin(ctx);
            ctx.json(Map.of("workspaces", workspaces.listAll().stream().map(s -> {
                Map<String, Object> json = json(s.workspace());
                json.put("agents", s.agents());
                json.put("created_at", s.workspace().createdAt());
                json.put("disabled_at", s.disabledAt());
                return json;
            }).toList()));
        });
        routes.post("/api/v1/admin/workspaces/{id}/disable", ctx -> {
            AgentPrincipal admin = requireServerAdmin(ctx);
            if (ctx.pathParam("id").equals(admin.workspaceId())) {
                throw ApiError.badRequest("You cannot disable the workspace you are signed in to");
            }
            workspaces.setDisabled(ctx.pathParam("id"), true);
            onDisabled.accept(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/api/v1/admin/workspaces/{id}/enable", ctx -> {
            requireServerAdmin(ctx);
            workspaces.setDisabled(ctx.pathParam("id"), false);
            ctx.status(204);
        });
    }

    private AgentPrincipal requireServerAdmin(Context ctx) {
        AgentPrincipal principal = auth.requireAgent(ctx);
        agents.requireServerAdmin(principal);
        return principal;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Map<String, Object> json(Workspace ws) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", ws.id());
        json.put("name", ws.name());
        json.put("widget_key", ws.widgetKey());
        return json;
    }
}
