package org.parley.notify;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Query;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** Routes of the notify feature: preferences, unsubscribe, inbound email, failed jobs and reply reach. */
public final class NotifyHttp {
    record PreferencesBody(Boolean email, Boolean push) {
    }

    private static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final NotificationService notifications;
    private final Authenticator auth;
    private final Clock clock;
    private final String inboundSecret;

    public NotifyHttp(NotificationService notifications, Authenticator auth, Clock clock, String inboundSecret) {
        this.notifications = notifications;
        this.auth = auth;
        this.clock = clock;
        this.inboundSecret = inboundSecret;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/visitor/notifications", ctx -> ctx.json(notifications.preferences(auth.requireVisitor(ctx))));
        routes.patch("/api/v1/visitor/notifications", ctx -> {
            var visitor = auth.requireVisitor(ctx);
            PreferencesBody body = Json.parse(ctx.bodyAsBytes(), PreferencesBody.class);
            ctx.json(notifications.changePreferences(visitor, body.email(), body.push()));
        });
        routes.get("/api/v1/notify/unsubscribe", this::unsubscribePage);
        routes.post("/api/v1/notify/unsubscribe", this::unsubscribe);
        routes.post("/api/v1/inbound/email", this::inbound);
        routes.get("/api/v1/conversations/{id}/notified", ctx ->
                ctx.json(notifications.notified(auth.requireAgent(ctx), ctx.pathParam("id"))));
        routes.get("/api/v1/notifications/failed", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            int limit = (int) Query.number(ctx, "limit", 1, 500, 100);
            List<Map<String, Object>> jobs = notifications.listFailed(admin, limit).stream().map(NotifyHttp::json).toList();
            ctx.json(Map.of("jobs", jobs));
        });
        routes.post("/api/v1/notifications/failed/{id}/retry", ctx -> {
            notifications.retryFailed(auth.requireAdmin(ctx), ctx.pathParam("id"));
            ctx.status(202);
        });
        routes.get("/api/v1/analytics/reply-reach", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            long now = clock.millis();
            long to = Query.number(ctx, "to", 0, Long.MAX_VALUE, now);
            long from = Query.number(ctx, "from", 0, Long.MAX_VALUE, to - Duration.ofDays(30).toMillis());
            NotificationService.Reach reach = notifications.reach(admin, from, to);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("from", from);
            json.put("to", to);
            json.put("replies_to_absent", reach.repliesToAbsent());
            json.put("notified", reach.notified());
            json.put("notified_share", reach.notifiedShare());
            json.put("answered", reach.answered());
            json.put("answered_share", reach.answeredShare());
            ctx.json(json);
        });
    }

    private static Map<String, Object> json(NotificationJob job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("conversation_id", job.conversationId());
        json.put("contact_id", job.contactId());
        json.put("channel", job.channel().wire());
        json.put("attempts", job.attempts());
        json.put("last_error", job.lastError());
        json.put("created_at", job.createdAt());
        json.put("updated_at", job.updatedAt());
        return json;
    }

    private void unsubscribePage(Context ctx) {
        String token = ctx.queryParam("token");
        if (notifications.unsubscribeSubject(token).isEmpty()) {
            page(ctx, 400, "This link is not valid", "<p>This unsubscribe link is not valid. "
                    + "Use the link from the newest email you received.</p>");
            return;
        }
        page(ctx, 200, "Stop notification emails", "<p>Stop getting emails about new replies to your conversations?</p>"
                + "<form method=\"post\" action=\"/api/v1/notify/unsubscribe?token=" + ReplyEmail.escape(urlEncode(token))
                + "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    /** RFC 8058 one-click (a mail client's POST) and the confirmation form both land here. */
    private void unsubscribe(Context ctx) {
        if (!notifications.unsubscribe(ctx.queryParam("token"))) {
            page(ctx, 400, "This link is not valid", "<p>This unsubscribe link is not valid.</p>");
            return;
        }
        page(ctx, 200, "Unsubscribed", "<p>You will no longer get emails about new replies. "
                + "You can still see every reply in the chat.</p>");
    }

    private static void page(Context ctx, int status, String title, String body) {
        ctx.status(status).contentType("text/html; charset=utf-8").header("Content-Security-Policy", PAGE_CSP)
                .result("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                        + "content=\"width=device-width\"><title>" + ReplyEmail.escape(title) + "</title></head>"
                        + "<body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem\"><h1>"
                        + ReplyEmail.escape(title) + "</h1>" + body + "</body></html>");
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void inbound(Context ctx) throws IOException {
        if (inboundSecret == null) {
            throw ApiError.notFound("Inbound email endpoint (set PARLEY_INBOUND_SECRET)");
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), inboundSecret.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.unauthorized("Send 'Authorization: Bearer <PARLEY_INBOUND_SECRET>'");
        }
        byte[] raw;
        // Read the stream directly: the server-wide JSON body limit (256 KB) is for JSON, not for emails.
        try (InputStream in = ctx.req().getInputStream()) {
            raw = in.readNBytes(InboundEmailService.MAX_BYTES + 1);
            if (raw.length > InboundEmailService.MAX_BYTES) {
                // Read (and drop) a moderate excess so the client is reading when the 413 comes, instead of
                // finding its connection reset while it still writes; a far bigger body is cut off.
                in.skipNBytes(Math.min(Math.max(0, ctx.req().getContentLengthLong() - raw.length), 4L * InboundEmailService.MAX_BYTES));
                throw ApiError.tooLarge("An inbound email may be at most 1 MB");
            }
        }
        if (raw.length == 0) {
            throw ApiError.badRequest("Send the raw RFC 822 email as the body");
        }
        InboundEmailService.Result result = notifications.inbound().receive(raw, List.of());
        switch (result.outcome()) {
            case ATTACHED, DUPLICATE -> ctx.status(result.outcome() == InboundEmailService.Outcome.ATTACHED ? 201 : 200)
                    .json(Map.of("status", "attached", "conversation_id", result.conversationId(), "message_id", result.messageId()));
            case QUARANTINED -> ctx.status(202).json(Map.of("status", "quarantined", "reason", result.outcome().code));
            default -> throw new ApiError(422, result.outcome().code, switch (result.outcome()) {
                case UNKNOWN_TOKEN -> "The reply address is unknown or expired";
                case NO_RECIPIENT -> "No reply+TOKEN@ recipient of this server";
                case EMPTY -> "No new text in the reply once quoted history and signatures are removed";
                default -> "The email could not be read";
            });
        }
    }
}
