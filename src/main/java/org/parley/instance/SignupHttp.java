package org.parley.instance;

import java.util.Locale;
import java.util.Map;
import org.parley.http.Json;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.identity.Authenticator;

/** Sign-up links over REST (docs/operations.md, "Several businesses on one server"). */
public final class SignupHttp {
    record EmailBody(String email) {
    }

    record CompleteBody(String token, String name, String password, String businessName, String siteUrl) {
    }

    private final SignupService signup;
    private final AgentService agents;
    private final Authenticator auth;
    private final RateLimiter perIp;
    private final RateLimiter perEmail;

    public SignupHttp(SignupService signup, AgentService agents, Authenticator auth, RateLimiter perIp, RateLimiter perEmail) {
        this.signup = signup;
        this.agents = agents;
        this.auth = auth;
        this.perIp = perIp;
        this.perEmail = perEmail;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/signup", ctx -> {
            perIp.acquire("signup:" + ctx.ip());
            auth.requireSameOrigin(ctx);
            EmailBody body = Json.parse(ctx.bodyAsBytes(), EmailBody.class);
            perEmail.acquire("signup-email:" + (body.email() == null ? "" : body.email().strip().toLowerCase(Locale.ROOT)));
            signup.request(body.email());
            ctx.status(202).json(Map.of());
        });
        routes.post("/api/v1/admin/signup-invitations", ctx -> {
            AgentPrincipal admin = auth.requireAgent(ctx);
            agents.requireServerAdmin(admin);
            EmailBody body = Json.parse(ctx.bodyAsBytes(), EmailBody.class);
            ctx.status(201).json(Map.of("url", signup.invite(body.email(), admin.agentId())));
        });
        routes.get("/api/v1/signup/lookup", ctx -> {
            perIp.acquire("signup:" + ctx.ip());
            SignupService.Lookup found = signup.lookup(ctx.queryParam("token"));
            ctx.json(Map.of("email", found.email(), "existing_account", found.existingAccount()));
        });
        routes.post("/api/v1/signup/complete", ctx -> {
            perIp.acquire("signup:" + ctx.ip());
            auth.requireSameOrigin(ctx);
            CompleteBody body = Json.parse(ctx.bodyAsBytes(), CompleteBody.class);
            SignupService.Done done = signup.complete(new SignupService.Completion(body.token(), body.name(),
                    body.password(), body.businessName(), body.siteUrl()));
            AgentService.Session session = agents.login(done.owner().email(), body.password(), null, done.workspace().id());
            ctx.header("Set-Cookie", auth.sessionCookie(session.token(), AgentService.SESSION_LIFETIME.toSeconds()));
            ctx.status(201).json(Map.of("workspace", Map.of("id", done.workspace().id(), "name", done.workspace().name(),
                    "widget_key", done.workspace().widgetKey())));
        });
    }
}
