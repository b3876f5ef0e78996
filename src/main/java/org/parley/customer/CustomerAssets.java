package org.parley.customer;

import org.parley.http.Routes;
import org.parley.http.StaticFiles;

/**
 * Serves the customer inbox app (web/me, docs/customer.md) at {@code /me}: the document, manifest and
 * icons are never cached, the hashed assets are immutable. The app routes with the URL hash. The push
 * pages of {@code /me} ({@code sw.js}, {@code push.html}, {@code push.js}, {@code push.css}) are served
 * by push.PushAssets with their own policy (docs/push.md).
 */
public final class CustomerAssets {
    /** Scripts only from Parley itself (no inline scripts); no framing. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self' ws: wss:; manifest-src 'self'; worker-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private final StaticFiles files = new StaticFiles();

    public void register(Routes routes) {
        routes.get("/me", ctx -> {
            page(ctx);
            files.serve(ctx, "public/me/index.html", "no-cache");
        });
        routes.get("/me/assets/{file}", ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            files.serve(ctx, "public/me/assets/" + StaticFiles.fileName(ctx), StaticFiles.IMMUTABLE);
        });
        routes.get("/me/manifest.webmanifest", ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            files.serve(ctx, "public/me/manifest.webmanifest", "no-cache");
        });
        routes.get("/me/icon.svg", ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            files.serve(ctx, "public/me/icon.svg", "no-cache");
        });
        // iOS takes home-screen icons only as PNG (180 × 180, the icon.svg drawn opaque).
        routes.get("/me/apple-touch-icon.png", ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            files.serve(ctx, "public/me/apple-touch-icon.png", "no-cache");
        });
    }

    private static void page(io.javalin.http.Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
    }
}
