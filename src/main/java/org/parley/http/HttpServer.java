package org.parley.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Javalin set up once: limits, JSON, the error shape, security headers. Features add routes. */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** JSON bodies are small; a 10,000-character message is under 40 KB even in 4-byte UTF-8. */
    public static final long MAX_BODY_BYTES = 256 * 1024;
    public static final long MAX_FRAME_BYTES = 64 * 1024;
    public static final Duration WS_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * A request head (request line and headers, at most 8 KB) must arrive within this, counted from the
     * accept (first request) or from its first byte (later requests on a keep-alive connection). Even on a
     * slow mobile link a head takes well under a second; 10 s leaves room for retransmissions, while a
     * slowloris client trickling a byte a second is cut after 10 s instead of never (RequestHeadTimeout).
     */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A keep-alive connection idle between requests is closed after this, Jetty's usual 30 s, set here so
     * it is a decision (the head timeout above covers a connection that never sends a head): browsers and proxies
     * reuse connections for a few seconds to a minute, and shorter would make them reconnect for every
     * burst of requests. WebSockets replace it with {@link #WS_IDLE_TIMEOUT} after the upgrade.
     */
    public static final Duration HTTP_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final Javalin app;
    private List<Routes.Route> routes = List.of();
    /** Counts requests in progress, so a graceful stop can wait for them (docs/operations.md). */
    private final org.eclipse.jetty.server.handler.GracefulHandler graceful = new org.eclipse.jetty.server.handler.GracefulHandler();
    private volatile io.javalin.http.RequestLogger requestLogger = (ctx, ms) -> { };

    public HttpServer(int port, Consumer<Routes> features) {
        this.app = Javalin.create(config -> {
            config.jetty.port = port;
            // Our own connector (Javalin then adds none): the same HTTP/1.1 factory plus the head timeout.
            config.jetty.addConnector((server, httpConfig) -> {
                var connector = new org.eclipse.jetty.server.ServerConnector(server,
                        new RequestHeadTimeout(httpConfig, HEAD_TIMEOUT));
                connector.setPort(port);
                connector.setIdleTimeout(HTTP_IDLE_TIMEOUT.toMillis());
                return connector;
            });
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            config.jetty.modifyServer(server -> server.setHandler(graceful)); // Javalin's handlers go inside it
            config.requestLogger.http((ctx, ms) -> requestLogger.handle(ctx, ms));
            // Parley keeps no servlet sessions (its own session cookie is checked against the database), but
            // Javalin snapshots session attributes on every WebSocket upgrade, which creates one. Evict them
            // when the upgrade request ends, or each idle socket would also hold an HttpSession for 30 minutes.
            config.jetty.modifyServletContextHandler(handler -> {
                var sessions = handler.getSessionHandler();
                var cache = new org.eclipse.jetty.session.DefaultSessionCache(sessions);
                cache.setEvictionPolicy(org.eclipse.jetty.session.SessionCache.EVICT_ON_SESSION_EXIT);
                cache.setSessionDataStore(new org.eclipse.jetty.session.NullSessionDataStore());
                sessions.setSessionCache(cache);
            });
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setIdleTimeout(WS_IDLE_TIMEOUT);
                factory.setMaxTextMessageSize(MAX_FRAME_BYTES);
                factory.setMaxBinaryMessageSize(1024);
                factory.setMaxFrameSize(MAX_FRAME_BYTES);
            });
            config.routes.exception(ApiError.class, (e, ctx) -> {
                if (e.status() == 429) {
                    ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfterSeconds())));
                }
                renderError(ctx, e.status(), e.code(), e.getMessage());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    renderError(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                renderError(ctx, 500, "internal", "Internal error");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    renderError(ctx, 404, "not_found", "No such route: " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.result() == null) {
                    renderError(ctx, 405, "method_not_allowed", "Method not allowed");
                }
            });
            config.routes.after(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
                if (ctx.path().startsWith("/api/")) {
                    ctx.header("Cache-Control", "no-store");
                }
            });
            Routes registry = new Routes(config.routes);
            features.accept(registry);
            this.routes = List.copyOf(registry.registered());
        });
    }

    public static void renderError(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("error", Map.of("code", code, "message", message)));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 429 -> "rate_limited";
            default -> "error";
        };
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public List<Routes.Route> routes() {
        return routes;
    }

    public void stop() {
        app.stop();
    }

    /** Sees every answered request with its duration in milliseconds (metrics); must be quick and not throw. */
    public void requestLogger(io.javalin.http.RequestLogger logger) {
        this.requestLogger = logger;
    }

    /**
     * Graceful shutdown, first step: the listening sockets close (no new connections). Open connections stay
     * (requests in progress finish, WebSockets are left to their owner) until {@link #stop}.
     */
    public void stopAccepting() {
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector jetty) {
                // Jetty would cut every connection's idle timeout to 1 s, failing a request that waits that long
                // for its commit; awaitRequests waits for those instead.
                jetty.setShutdownIdleTimeout(-1);
            }
            if (connector instanceof org.eclipse.jetty.util.component.Graceful closing) {
                closing.shutdown();
            }
        }
    }

    /**
     * Graceful shutdown: waits until the requests in progress are answered, at most {@code timeout}; requests
     * arriving meanwhile on open connections get 503. False when the time ran out.
     */
    public boolean awaitRequests(Duration timeout) {
        try {
            graceful.shutdown().get(Math.max(1, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
