package org.parley.workspace;

import java.util.Map;
import io.javalin.http.Context;
import org.parley.http.Json;
import org.parley.http.Routes;

/** The agent's view of its workspace; admins change it. Auth is passed in to keep workspace free of identity. */
public final class WorkspaceHttp {
    /** Resolves the caller's workspace id, refusing callers without the needed role. */
    public interface Caller {
        String workspaceOf(Context ctx, boolean needsAdmin);
    }

    private final WorkspaceService workspaces;
    private final Caller caller;

    public WorkspaceHttp(WorkspaceService workspaces, Caller caller) {
        this.workspaces = workspaces;
        this.caller = caller;
    }

    record RotateBody(Integer graceHours) {
    }

    public void register(Routes routes) {
        routes.get("/api/v1/workspace", ctx -> ctx.json(render(workspaces.require(caller.workspaceOf(ctx, false)))));
        routes.patch("/api/v1/workspace", ctx -> {
            String workspaceId = caller.workspaceOf(ctx, true);
            UpdateWorkspace change = Json.parse(ctx.bodyAsBytes(), UpdateWorkspace.class);
            ctx.json(render(workspaces.update(workspaceId, change)));
        });
        // The key of the site's signed identify (docs/customer.md): admins only, never cached.
        routes.get("/api/v1/workspace/identity-secret", ctx -> {
            String secret = workspaces.identitySecret(caller.workspaceOf(ctx, true));
            ctx.header("Cache-Control", "no-store");
            ctx.json(Map.of("identity_secret", secret));
        });
        // A new widget key; the old one keeps working for grace_hours (default 24) while the snippet is replaced.
        routes.post("/api/v1/workspace/widget-key/rotate", ctx -> {
            String workspaceId = caller.workspaceOf(ctx, true);
            byte[] raw = ctx.bodyAsBytes();
            RotateBody body = raw.length == 0 ? new RotateBody(null) : Json.parse(raw, RotateBody.class);
            WorkspaceService.RotatedKey rotated = workspaces.rotateWidgetKey(workspaceId,
                    body.graceHours() == null ? 24 : body.graceHours());
            ctx.json(Map.of("widget_key", rotated.widgetKey(), "previous_widget_key", rotated.previousWidgetKey(),
                    "previous_key_valid_until", rotated.previousValidUntil()));
        });
        routes.post("/api/v1/workspace/identity-secret/rotate", ctx -> {
            String secret = workspaces.rotateIdentitySecret(caller.workspaceOf(ctx, true));
            ctx.header("Cache-Control", "no-store");
            ctx.json(Map.of("identity_secret", secret));
        });
    }

    private static Map<String, Object> render(Workspace ws) {
        return Map.of("id", ws.id(), "name", ws.name(), "widget_key", ws.widgetKey(),
                "allowed_origins", ws.allowedOrigins(), "settings", ws.settings(), "created_at", ws.createdAt());
    }
}
