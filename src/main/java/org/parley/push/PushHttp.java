package org.parley.push;

import io.javalin.http.Context;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;

/** Routes of web push (docs/push.md): the VAPID public key, and a visitor's subscriptions. */
public final class PushHttp {
    record Keys(String p256dh, String auth) {
    }

    record SubscribeBody(String endpoint, Keys keys) {
    }

    record EndpointBody(String endpoint) {
    }

    private final WebPushChannel channel;
    private final PushSubscriptionService subscriptions;
    private final Authenticator auth;
    private final RateLimiter limiter;

    /** {@code limiter}: per visitor, for subscription changes (each is a database write). */
    public PushHttp(WebPushChannel channel, PushSubscriptionService subscriptions, Authenticator auth, RateLimiter limiter) {
        this.channel = channel;
        this.subscriptions = subscriptions;
        this.auth = auth;
        this.limiter = limiter;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/push/vapid-public-key", ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.json(Map.of("key", channel.vapidPublicKey()));
        });
        routes.post("/api/v1/visitor/push-subscriptions", ctx -> {
            VisitorPrincipal visitor = visitor(ctx);
            SubscribeBody body = Json.parse(ctx.bodyAsBytes(), SubscribeBody.class);
            if (body.keys() == null) {
                throw ApiError.badRequest("Field 'keys' is required");
            }
            subscriptions.subscribe(visitor, body.endpoint(), body.keys().p256dh(), body.keys().auth());
            ctx.status(201).json(Map.of("endpoint", body.endpoint()));
        });
        routes.delete("/api/v1/visitor/push-subscriptions", ctx -> {
            VisitorPrincipal visitor = visitor(ctx);
            EndpointBody body = Json.parse(ctx.bodyAsBytes(), EndpointBody.class);
            subscriptions.unsubscribe(visitor, body.endpoint());
            ctx.status(204);
        });
    }

    /**
     * The visitor token, from Parley's own pages only (push.html, /me): a host page never subscribes a
     * browser to Parley's origin, so a cross-site request is refused outright.
     */
    private VisitorPrincipal visitor(Context ctx) {
        VisitorPrincipal visitor = auth.requireVisitor(ctx);
        if (!auth.isSameOrigin(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"))) {
            throw ApiError.forbidden("Push subscriptions are managed from Parley's own pages");
        }
        limiter.acquire("push:" + visitor.visitorId());
        return visitor;
    }
}
