package org.parley.metrics;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code http.server.requests}: count and latency of answered requests by method, route and status. The route
 * is the matched template ({@code /api/v1/conversations/{id}}), never the raw path, so the number of series
 * stays bounded whatever clients ask for; requests that matched no route count as {@code unmatched}.
 */
public final class HttpMetrics implements RequestLogger {
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;

    public HttpMetrics(Metrics metrics) {
        this.registry = metrics.registry();
    }

    @Override
    public void handle(Context ctx, Float millis) {
        try {
            Timer.builder("http.server.requests")
                    .description("HTTP requests answered, by method, route template and status")
                    .tag("method", ctx.method().name())
                    .tag("route", route(ctx))
                    .tag("status", Integer.toString(ctx.statusCode()))
                    .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                            Duration.ofMillis(250), Duration.ofMillis(1000), Duration.ofMillis(5000))
                    .register(registry)
                    .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // A metric must never fail a request.
        }
    }

    static String route(Context ctx) {
        Endpoint endpoint;
        try {
            endpoint = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
        return endpoint == null ? UNMATCHED : endpoint.path;
    }
}
