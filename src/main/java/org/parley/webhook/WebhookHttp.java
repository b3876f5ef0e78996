package org.parley.webhook;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Query;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** Webhook routes (docs/webhooks.md): owners and admins (and API keys) only; agents get 403. */
public final class WebhookHttp {
    record CreateBody(String url, List<String> events, String description) {
    }

    record PatchBody(String url, List<String> events, String description, Boolean enabled) {
    }

    record RotateBody(Long overlapSeconds) {
    }

    record RangeBody(String from, String to) {
    }

    private final WebhookService webhooks;
    private final Authenticator auth;

    public WebhookHttp(WebhookService webhooks, Authenticator auth) {
        this.webhooks = webhooks;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/webhooks/events", ctx -> {
            auth.requireAdmin(ctx);
            ctx.json(Map.of("events", WebhookEvents.NAMES));
        });
        routes.get("/api/v1/webhooks", ctx -> ctx.json(Map.of("webhooks",
                webhooks.list(auth.requireAdmin(ctx)).stream().map(w -> WebhookJson.webhook(w, null)).toList())));
        routes.post("/api/v1/webhooks", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            CreateBody body = Json.parse(ctx.bodyAsBytes(), CreateBody.class);
            WebhookService.WithSecret created = webhooks.create(admin, body.url(), body.events(), body.description());
            ctx.status(201).json(WebhookJson.webhook(created.webhook(), created.secret()));
        });
        routes.get("/api/v1/webhooks/{id}", ctx ->
                ctx.json(WebhookJson.webhook(webhooks.require(auth.requireAdmin(ctx), ctx.pathParam("id")), null)));
        routes.patch("/api/v1/webhooks/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            PatchBody body = Json.parse(ctx.bodyAsBytes(), PatchBody.class);
            ctx.json(WebhookJson.webhook(webhooks.update(admin, ctx.pathParam("id"),
                    new WebhookService.Change(body.url(), body.events(), body.description(), body.enabled())), null));
        });
        routes.delete("/api/v1/webhooks/{id}", ctx -> {
            webhooks.delete(auth.requireAdmin(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/api/v1/webhooks/{id}/secret", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            RotateBody body = optionalBody(ctx, RotateBody.class, new RotateBody(null));
            WebhookService.WithSecret rotated = webhooks.rotate(admin, ctx.pathParam("id"), body.overlapSeconds());
            ctx.json(WebhookJson.webhook(rotated.webhook(), rotated.secret()));
        });
        routes.post("/api/v1/webhooks/{id}/test", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            ctx.status(202).json(Map.of("delivery_id", webhooks.test(admin, ctx.pathParam("id"))));
        });
        routes.get("/api/v1/webhooks/{id}/deliveries", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            long before = Query.number(ctx, "before", 0, Long.MAX_VALUE, -1);
            int limit = (int) Query.number(ctx, "limit", 1, 100, 50);
            ctx.json(Map.of("deliveries", webhooks.deliveries(admin, ctx.pathParam("id"), ctx.queryParam("status"),
                    before < 0 ? null : before, limit).stream().map(WebhookJson::logged).toList()));
        });
        routes.get("/api/v1/webhooks/{id}/deliveries/{deliveryId}", ctx -> ctx.json(WebhookJson.detail(
                webhooks.delivery(auth.requireAdmin(ctx), ctx.pathParam("id"), ctx.pathParam("deliveryId")))));
        routes.post("/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay", ctx -> {
            webhooks.replay(auth.requireAdmin(ctx), ctx.pathParam("id"), ctx.pathParam("deliveryId"));
            ctx.status(202).json(Map.of("replayed", 1));
        });
        routes.post("/api/v1/webhooks/{id}/replay", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            RangeBody body = Json.parse(ctx.bodyAsBytes(), RangeBody.class);
            long[] counts = webhooks.replayRange(admin, ctx.pathParam("id"), instant("from", body.from()),
                    instant("to", body.to()));
            ctx.status(202).json(Map.of("replayed", counts[0], "matched", counts[1]));
        });
    }

    private static <T> T optionalBody(Context ctx, Class<T> type, T fallback) {
        byte[] bytes = ctx.bodyAsBytes();
        return bytes.length == 0 ? fallback : Json.parse(bytes, type);
    }

    private static long instant(String field, String value) {
        if (value == null) {
            throw ApiError.badRequest("Field '" + field + "' is required");
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("Field '" + field + "' must be an ISO instant such as 2026-01-31T12:00:00Z");
        }
    }
}
