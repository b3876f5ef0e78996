package org.parley.push;

import org.parley.http.Routes;
import org.parley.http.StaticFiles;

/**
 * The push pages on Parley's origin: the service worker {@code /me/sw.js} (scope {@code /me/}) and the
 * subscribe page {@code /me/push.html} with its script and style, from {@code public/me/} on the
 * classpath (web/me/public, copied by the customer app's Vite build). The customer app
 * ({@code customer.CustomerAssets}) serves the rest of {@code /me}; when it serves these files too,
 * this class goes (docs/push.md).
 */
public final class PushAssets {
    /** Only Parley's own scripts and API; not framable. */
    static final String POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final StaticFiles files = new StaticFiles();

    public void register(Routes routes) {
        routes.get("/me/sw.js", ctx -> {
            ctx.header("Service-Worker-Allowed", "/me/");
            headers(ctx);
            // Browsers check the worker for updates anyway; no-cache keeps that check cheap and correct.
            files.serve(ctx, "public/me/sw.js", "no-cache");
        });
        for (String file : new String[] {"push.html", "push.js", "push.css"}) {
            routes.get("/me/" + file, ctx -> {
                headers(ctx);
                files.serve(ctx, "public/me/" + file, "no-cache");
            });
        }
    }

    private static void headers(io.javalin.http.Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
    }
}
