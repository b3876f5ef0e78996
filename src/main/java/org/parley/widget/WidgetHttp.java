package org.parley.widget;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.activity.ActivityEvent;
import org.parley.activity.ActivityService;
import org.parley.contact.Contact;
import org.parley.contact.ContactLocale;
import org.parley.contact.ContactService;
import org.parley.conversation.ConversationJson;
import org.parley.conversation.ConversationService;
import org.parley.customer.SignedIdentityService;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;
import org.parley.identity.VisitorService;
import org.parley.realtime.RealtimeGateway;
import org.parley.workspace.ThemeColor;
import org.parley.workspace.WidgetTexts;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/**
 * What the widget needs beyond the conversation API: visitor sessions, its public config, page activity
 * beacons and identify. Requests from host pages are accepted only from the workspace's allowed origins.
 */
public final class WidgetHttp {
    private static final int MAX_BEACON_BYTES = 16 * 1024;

    /** {@code locale} and {@code time_zone}: the frame's language and the browser's zone, for the emails;
     * {@code anon}: the loader's analytics id of the browser, whose earlier activity becomes the visitor's. */
    record SessionBody(String workspaceKey, String token, String locale, String timeZone, String anon) {
    }

    /** {@code anon}: the loader's analytics id of the browser; {@code token}: its visitor session, if it has one. */
    record ActivityBody(String key, String anon, String token, List<ActivityEvent> events) {
    }

    /** Consent withdrawn with {@code forget} (docs/widget.md): the browser's activity is deleted. */
    record ForgetBody(String key, String anon, String token) {
    }

    /** Identify; {@code user_id}/{@code user_hash} (or {@code userId}/{@code userHash} among the attributes,
     * as the loader forwards them) make it a signed identify (docs/customer.md). */
    record ContactBody(String name, String email, Map<String, Object> attributes, String userId, String userHash) {
    }

    private final WorkspaceService workspaces;
    private final VisitorService visitors;
    private final ContactService contacts;
    private final ActivityService activity;
    private final RealtimeGateway gateway;
    private final Authenticator auth;
    private final RateLimiter beaconLimiter;
    private final ConversationService conversations;
    private final RateLimiter sessionLimiter;
    private final String baseUrl;
    private final SignedIdentityService signedIdentity;
    /** The flows the widget opens itself (bot.FlowService.widgetTriggers), by workspace id. */
    private final java.util.function.Function<String, Map<String, Object>> flowTriggers;

    public WidgetHttp(WorkspaceService workspaces, VisitorService visitors, ContactService contacts, ActivityService activity,
                      RealtimeGateway gateway, Authenticator auth, RateLimiter beaconLimiter,
                      ConversationService conversations, RateLimiter sessionLimiter, String baseUrl,
                      SignedIdentityService signedIdentity,
                      java.util.function.Function<String, Map<String, Object>> flowTriggers) {
        this.flowTriggers = flowTriggers;
        this.signedIdentity = signedIdentity;
        this.conversations = conversations;
        this.sessionLimiter = sessionLimiter;
        this.workspaces = workspaces;
        this.visitors = visitors;
        this.contacts = contacts;
        this.activity = activity;
        this.gateway = gateway;
        this.auth = auth;
        this.beaconLimiter = beaconLimiter;
        this.baseUrl = baseUrl;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/visitor/session", ctx -> {
            SessionBody body = Json.parse(ctx.bodyAsBytes(), SessionBody.class);
            if (body.workspaceKey() == null) {
                throw ApiError.badRequest("Field 'workspace_key' is required");
            }
            ContactLocale locale = new ContactLocale(WidgetLanguage.ofSession(body.locale()),
                    WidgetLanguage.timeZoneOfSession(body.timeZone()));
            String anon = body.anon() == null ? null : ActivityService.requireAnonId("anon", body.anon());
            Workspace ws = workspace(body.workspaceKey());
            allowOrigin(ctx, ws);
            VisitorService.VisitorSession session = visitors.start(ws.id(), body.token(),
                    () -> sessionLimiter.acquire("session:" + ctx.ip()));
            if (locale.language() != null || locale.timeZone() != null) {
                // The notification email speaks the widget's language (docs/notifications.md).
                contacts.recordLocale(ws.id(), session.principal().contactId(), locale);
            }
            if (anon != null) {
                activity.link(ws.id(), anon, session.principal().visitorId());
            }
            ctx.json(Map.of("token", session.token(), "visitor_id", session.principal().visitorId(),
                    "contact_id", session.principal().contactId(), "resumed", session.resumed(),
                    "conversations", conversations.listForVisitor(session.principal()).stream()
                            .map(ConversationJson::forVisitor).toList()));
        });
        routes.get("/api/v1/widget/config", ctx -> {
            Workspace ws = workspace(ctx.queryParam("key"));
            allowOrigin(ctx, ws);
            // The business's texts in the visitor's language, each missing one the default (docs/widget.md).
            String language = WidgetLanguage.pick(ctx.queryParam("locale"), ctx.header("Accept-Language"));
            WidgetTexts texts = ws.settings().textsFor(language);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("workspace_name", ws.name());
            config.put("locale", language);
            String color = ThemeColor.normalize(ws.settings().color());
            config.put("color", color);
            // The text drawn on it (WCAG AA): the loader does no colour maths (its 3 KB budget).
            config.put("text_color", ThemeColor.textOn(color));
            config.put("position", ws.settings().position());
            config.put("launcher_label", texts.launcherLabel());
            config.put("greeting", texts.greeting());
            config.put("expected_reply_time", texts.expectedReplyTime());
            config.put("greeting_delay_seconds", ws.settings().greetingDelaySeconds());
            config.put("email_ask_delay_seconds", ws.settings().emailAskDelaySeconds());
            config.put("team_online", gateway.hasAgentsOnline(ws.id()));
            config.put("flows", flowTriggers.apply(ws.id()));
            ctx.header("Cache-Control", "no-store");
            ctx.json(config);
        });
        routes.post("/api/v1/widget/activity", ctx -> {
            ActivityBody body = Json.parse(beacon(ctx), ActivityBody.class);
            Workspace ws = workspace(body.key());
            allowOrigin(ctx, ws);
            // A browser without a visitor session sends its analytics id alone; older loaders send only a token.
            String anon = body.anon() == null && body.token() != null ? null : ActivityService.requireAnonId("anon", body.anon());
            String visitorId = body.token() == null ? null : visitor(ws, body.token()).visitorId();
            beaconLimiter.acquire("beacon:" + (anon != null ? anon : visitorId));
            activity.record(ws.id(), anon, visitorId, body.events(), ctx.header("User-Agent"));
            ctx.status(204);
        });
        routes.post("/api/v1/widget/activity/forget", ctx -> {
            ForgetBody body = Json.parse(beacon(ctx), ForgetBody.class);
            Workspace ws = workspace(body.key());
            allowOrigin(ctx, ws);
            String anon = ActivityService.requireAnonId("anon", body.anon());
            String visitorId = body.token() == null ? null : visitor(ws, body.token()).visitorId();
            beaconLimiter.acquire("beacon:" + anon);
            activity.forget(ws.id(), anon, visitorId);
            ctx.status(204);
        });
        routes.options("/api/v1/visitor/contact", ctx -> {
            // Preflight for identify from host pages. A preflight carries no token, so the loader names its
            // workspace in the URL (?key=); only that workspace's allowed origins get CORS headers. Any other
            // Origin gets none, and the browser never sends the PATCH. The PATCH is checked again on its own.
            String origin = ctx.header("Origin");
            Workspace ws = workspaces.findByWidgetKey(ctx.queryParam("key")).orElse(null);
            if (origin != null && ws != null && ws.allowsOrigin(origin)) {
                ctx.header("Access-Control-Allow-Origin", origin);
                ctx.header("Access-Control-Allow-Methods", "PATCH");
                ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
                ctx.header("Access-Control-Max-Age", "600");
            }
            ctx.header("Vary", "Origin");
            ctx.status(204);
        });
        routes.patch("/api/v1/visitor/contact", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            allowOrigin(ctx, workspaces.require(visitor.workspaceId()));
            ContactBody body = Json.parse(ctx.bodyAsBytes(), ContactBody.class);
            Map<String, Object> attributes = body.attributes();
            String userId = body.userId();
            String userHash = body.userHash();
            if (attributes != null && (attributes.containsKey("userId") || attributes.containsKey("userHash"))) {
                attributes = new LinkedHashMap<>(attributes);
                Object attributeId = attributes.remove("userId");
                Object attributeHash = attributes.remove("userHash");
                userId = userId != null || attributeId == null ? userId : String.valueOf(attributeId);
                userHash = userHash != null || !(attributeHash instanceof String h) ? userHash : h;
            }
            Contact contact;
            if (userId != null || userHash != null) {
                if (userId == null) {
                    throw new ApiError(403, "invalid_identity", "A signed identify needs 'user_id' with its 'user_hash'");
                }
                contact = signedIdentity.identify(visitor, new SignedIdentityService.SignedIdentify(userId, userHash,
                        body.name(), body.email(), attributes));
            } else {
                contact = contacts.update(visitor.workspaceId(), visitor.contactId(),
                        new ContactService.ContactChange(body.name(), body.email(), attributes));
            }
            ctx.json(Map.of("contact", org.parley.contact.ContactJson.of(contact)));
        });
    }

    /** The workspace of a widget key, for a request from one of its allowed origins (CORS headers set); else 403. */
    public String requireWorkspace(Context ctx, String key) {
        Workspace ws = workspace(key);
        allowOrigin(ctx, ws);
        return ws.id();
    }

    private Workspace workspace(String key) {
        return workspaces.requireByWidgetKey(key);
    }

    /** The body of a beacon (sendBeacon posts text/plain, read as JSON all the same), at most 16 KB. */
    private static byte[] beacon(Context ctx) {
        if (ctx.bodyAsBytes().length > MAX_BEACON_BYTES) {
            throw ApiError.tooLarge("An activity beacon must be under 16 KB");
        }
        return ctx.bodyAsBytes();
    }

    /** The visitor of a token that must belong to {@code ws}: 401 otherwise. */
    private VisitorPrincipal visitor(Workspace ws, String token) {
        return visitors.authenticate(token).filter(v -> v.workspaceId().equals(ws.id()))
                .orElseThrow(() -> ApiError.unauthorized("Unknown visitor token"));
    }

    /**
     * Requests without an Origin (server to server) and from Parley's own pages pass; a host page must be
     * in the workspace's allowed origins, and then gets CORS headers for it.
     */
    void allowOrigin(Context ctx, Workspace ws) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals(baseUrl)) {
            return;
        }
        ctx.header("Vary", "Origin");
        // A refusal carries no CORS headers: echoing any Origin would let every site read the answer. The
        // loader then sees a failed fetch and prints the likely reason in the page's console instead.
        if (!ws.allowsOrigin(origin)) {
            throw new ApiError(403, "origin_not_allowed",
                    "The widget of this workspace is not allowed on " + abbreviate(origin)
                            + "; add the origin in the workspace settings");
        }
        ctx.header("Access-Control-Allow-Origin", origin);
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100);
    }
}
