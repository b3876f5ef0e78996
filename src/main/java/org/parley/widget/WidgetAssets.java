package org.parley.widget;

import org.parley.http.ApiError;
import org.parley.http.Routes;
import org.parley.http.StaticFiles;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/**
 * Serves the built widget: the loader with a
 * short cache (it must pick up new releases), hashed assets immutable, and the iframe document with a
 * CSP whose frame-ancestors are the workspace's allowed origins.
 */
public final class WidgetAssets {
    private final WorkspaceService workspaces;
    private final String baseUrl;
    private final StaticFiles files = new StaticFiles();

    public WidgetAssets(WorkspaceService workspaces, String baseUrl) {
        this.workspaces = workspaces;
        this.baseUrl = baseUrl;
    }

    public void register(Routes routes) {
        routes.get("/widget.js", ctx -> files.serve(ctx, "public/widget.js", "public, max-age=300"));
        routes.get("/widget/assets/{file}", ctx -> {
            files.serve(ctx, "public/widget/assets/" + StaticFiles.fileName(ctx), StaticFiles.IMMUTABLE);
        });
        routes.get("/widget/frame.html", ctx -> {
            String ancestors = ancestors(ctx.queryParam("key"));
            String wsOrigin = baseUrl.replaceFirst("^http", "ws");
            ctx.header("Content-Security-Policy", "default-src 'self'; connect-src 'self' " + wsOrigin
                    + "; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors " + ancestors);
            files.serve(ctx, "public/widget/frame.html", "no-cache");
        });
    }

    private String ancestors(String key) {
        Workspace ws = workspaces.requireByWidgetKey(key);
        StringBuilder list = new StringBuilder("'self'");
        for (String origin : ws.allowedOrigins()) {
            list.append(' ').append(origin);
        }
        return list.toString();
    }
}
