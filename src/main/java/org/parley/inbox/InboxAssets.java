package org.parley.inbox;

import org.parley.http.Routes;
import org.parley.http.StaticFiles;

/**
 * Serves the agent inbox single-page app (web/inbox, docs/inbox.md) at {@code /app}: the document is
 * never cached (it names the current hashed assets), the assets are immutable. The app routes with
 * the URL hash, so {@code /app} is its only document.
 */
public final class InboxAssets {
    /** Scripts only from Parley itself; no framing, so no clickjacking of agent actions. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; media-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'; object-src 'none'";

    private final StaticFiles files = new StaticFiles();

    public void register(Routes routes) {
        routes.get("/app", ctx -> {
            ctx.header("Content-Security-Policy", POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            files.serve(ctx, "public/inbox/index.html", "no-cache");
        });
        routes.get("/app/assets/{file}", ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            files.serve(ctx, "public/inbox/assets/" + StaticFiles.fileName(ctx), StaticFiles.IMMUTABLE);
        });
    }
}
