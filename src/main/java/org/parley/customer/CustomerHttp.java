package org.parley.customer;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;
import org.parley.identity.VisitorService;

/**
 * The customer inbox's API (docs/customer.md). The session is the {@code parley_customer} cookie
 * (HttpOnly, SameSite=Lax, Secure on https); every POST must come from Parley's own origin (CSRF, and
 * login CSRF for the sign-in itself).
 */
public final class CustomerHttp {
    public static final String COOKIE = "parley_customer";

    record MagicLinkBody(String email) {
    }

    record SessionBody(String token) {
    }

    record VisitorSessionBody(String contactId) {
    }

    private final CustomerService customers;
    private final CustomerLinks links;
    private final CustomerQueries queries;
    private final Authenticator auth;
    private final RateLimiter magicLinkLimiter;
    private final RateLimiter signInLimiter;
    private final RateLimiter perEmailLimiter;
    private final String baseUrl;

    public CustomerHttp(CustomerService customers, CustomerLinks links, CustomerQueries queries, Authenticator auth,
                        RateLimiter magicLinkLimiter, RateLimiter signInLimiter, RateLimiter perEmailLimiter,
                        String baseUrl) {
        this.perEmailLimiter = perEmailLimiter;
        this.customers = customers;
        this.links = links;
        this.queries = queries;
        this.auth = auth;
        this.magicLinkLimiter = magicLinkLimiter;
        this.signInLimiter = signInLimiter;
        this.baseUrl = baseUrl;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/customer/magic-link", ctx -> {
            sameOrigin(ctx);
            magicLinkLimiter.acquire("magic:" + ctx.ip());
            MagicLinkBody body = Json.parse(ctx.bodyAsBytes(), MagicLinkBody.class);
            // Per address too, known or not (same answer, same work): no one floods a mailbox from many IPs.
            perEmailLimiter.acquire("magic-email:" + (body.email() == null ? ""
                    : body.email().strip().toLowerCase(java.util.Locale.ROOT)));
            // With a visitor token (the widget), the link also verifies that visitor's contact.
            VisitorPrincipal visitor = ctx.header("Authorization") != null ? auth.requireVisitor(ctx) : null;
            links.requestMagicLink(body.email(), visitor);
            ctx.status(202).json(Map.of());
        });
        routes.post("/api/v1/customer/session", ctx -> {
            sameOrigin(ctx);
            signInLimiter.acquire("customer-session:" + ctx.ip());
            SessionBody body = Json.parse(ctx.bodyAsBytes(), SessionBody.class);
            CustomerService.SignedIn signedIn = customers.signIn(body.token());
            ctx.header("Set-Cookie", cookie(signedIn.sessionToken(), CustomerService.SESSION_LIFETIME.toSeconds()));
            ctx.header("Cache-Control", "no-store");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("customer", render(signedIn.customer()));
            if (signedIn.conversationId() != null) {
                json.put("conversation_id", signedIn.conversationId());
            }
            ctx.json(json);
        });
        routes.post("/api/v1/customer/push-link", ctx -> {
            sameOrigin(ctx);
            signInLimiter.acquire("customer-session:" + ctx.ip());
            SessionBody body = Json.parse(ctx.bodyAsBytes(), SessionBody.class);
            CustomerService.PushOpened opened = customers.openPushLink(body.token());
            VisitorPrincipal visitor = opened.session().principal();
            ctx.header("Cache-Control", "no-store");
            ctx.json(Map.of("token", opened.session().token(), "visitor_id", visitor.visitorId(),
                    "contact_id", visitor.contactId(), "workspace", queries.workspace(visitor.workspaceId()),
                    "conversation_id", opened.conversationId()));
        });
        routes.get("/api/v1/customer/me", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.json(Map.of("customer", render(require(ctx))));
        });
        routes.post("/api/v1/customer/logout", ctx -> {
            sameOrigin(ctx);
            customers.signOut(ctx.cookie(COOKIE));
            ctx.header("Set-Cookie", cookie("", 0));
            ctx.status(204);
        });
        routes.get("/api/v1/customer/conversations", ctx -> {
            Customer customer = require(ctx);
            ctx.header("Cache-Control", "no-store");
            ctx.json(Map.of("conversations", queries.listConversations(customer.id()).stream().map(item -> Map.of(
                    "conversation", item.conversation(), "workspace", item.workspace(), "contact_id", item.contactId(),
                    "unread_count", item.unreadCount())).toList()));
        });
        routes.post("/api/v1/customer/workspaces/{workspace_id}/visitor-session", ctx -> {
            Customer customer = require(ctx);
            VisitorSessionBody body = ctx.bodyAsBytes().length == 0 ? new VisitorSessionBody(null)
                    : Json.parse(ctx.bodyAsBytes(), VisitorSessionBody.class);
            VisitorService.VisitorSession session = customers.startVisitorSession(customer, ctx.pathParam("workspace_id"),
                    body.contactId());
            ctx.header("Cache-Control", "no-store");
            ctx.status(201).json(Map.of("token", session.token(), "visitor_id", session.principal().visitorId(),
                    "contact_id", session.principal().contactId()));
        });
    }

    /** The signed-in customer; 401 without a valid session; 403 for a state change from another origin. */
    private Customer require(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null) {
            throw ApiError.unauthorized("Sign in with the link we email you");
        }
        Customer customer = customers.authenticate(cookie)
                .orElseThrow(() -> ApiError.unauthorized("Session expired; sign in again"));
        sameOrigin(ctx);
        return customer;
    }

    private void sameOrigin(Context ctx) {
        String method = ctx.method().name();
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        if (!safe && !auth.isSameOrigin(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"))) {
            throw ApiError.forbidden("Cross-origin request refused");
        }
    }

    /** Path-scoped to the customer API: the /me app never reads it (HttpOnly), only sends it there. */
    private String cookie(String token, long maxAgeSeconds) {
        String secure = baseUrl.startsWith("https://") ? "; Secure" : "";
        return COOKIE + "=" + token + "; Path=/api/v1/customer; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax" + secure;
    }

    private static Map<String, Object> render(Customer customer) {
        return Map.of("id", customer.id(), "email", customer.email());
    }
}
