package org.parley.metrics;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.parley.http.ApiError;
import org.parley.http.Routes;

/**
 * {@code GET /metrics} on the public port: only when PARLEY_METRICS_TOKEN is set, and only with
 * {@code Authorization: Bearer <token>}. Without a token it does not exist (404): metrics are then served,
 * if at all, on the separate loopback port (MetricsListener).
 */
public final class MetricsHttp {
    private final Metrics metrics;
    private final String token;

    public MetricsHttp(Metrics metrics, String token) {
        this.metrics = metrics;
        this.token = token;
    }

    public void register(Routes routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        if (token == null) {
            throw new ApiError(404, "not_found", "No such route: GET /metrics");
        }
        if (!authorized(ctx.header("Authorization"), token)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.unauthorized("Send the metrics token as 'Authorization: Bearer <token>'");
        }
        ctx.header("Cache-Control", "no-store").contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
    }

    /** Whether {@code header} is {@code Bearer <token>}, compared in constant time. A null token lets everyone in. */
    static boolean authorized(String header, String token) {
        if (token == null) {
            return true;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
