package org.parley.widget;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.http.ApiError;
import org.parley.http.Routes;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/**
 * Serves the built widget from the classpath ({@code public/}, produced by {@code web/}): the loader with a
 * short cache (it must pick up new releases), hashed assets immutable, and the iframe document with a
 * CSP whose frame-ancestors are the workspace's allowed origins.
 */
public final class WidgetAssets {
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8", "svg", "image/svg+xml",
            "json", "application/json", "webmanifest", "application/manifest+json", "mp3", "audio/mpeg");

    private final WorkspaceService workspaces;
    private final String baseUrl;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public WidgetAssets(WorkspaceService workspaces, String baseUrl) {
        this.workspaces = workspaces;
        this.baseUrl = baseUrl;
    }

    public void register(Routes routes) {
        routes.get("/widget.js", ctx -> serve(ctx, "public/widget.js", "public, max-age=300"));
        routes.get("/widget/assets/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (!file.matches("[A-Za-z0-9_.-]{1,100}") || file.startsWith(".")) {
                throw ApiError.notFound("Asset");
            }
            serve(ctx, "public/widget/assets/" + file, "public, max-age=31536000, immutable");
        });
        routes.get("/widget/frame.html", ctx -> {
            String ancestors = ancestors(ctx.queryParam("key"));
            String wsOrigin = baseUrl.replaceFirst("^http", "ws");
            ctx.header("Content-Security-Policy", "default-src 'self'; connect-src 'self' " + wsOrigin
                    + "; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors " + ancestors);
            serve(ctx, "public/widget/frame.html", "no-cache");
        });
    }

    private String ancestors(String key) {
        Workspace ws = workspaces.findByWidgetKey(key).orElseThrow(() -> ApiError.notFound("Workspace"));
        StringBuilder list = new StringBuilder("'self'");
        for (String origin : ws.allowedOrigins()) {
            list.append(' ').append(origin);
        }
        return list.toString();
    }

    /** Serves a built file; only files that exist are cached, and cache headers go only on hits. */
    private void serve(Context ctx, String resource, String cacheControl) {
        byte[] body = cache.get(resource);
        if (body == null) {
            body = load(resource);
            if (body == null) {
                throw ApiError.notFound("Asset");
            }
            cache.put(resource, body);
        }
        ctx.header("Cache-Control", cacheControl);
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        ctx.contentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        ctx.result(body);
    }

    private static byte[] load(String resource) {
        try (InputStream in = WidgetAssets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
