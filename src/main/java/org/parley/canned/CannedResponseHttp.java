package org.parley.canned;

import java.util.Map;
import org.parley.http.Json;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** Canned response routes: any agent lists, admins create, edit and delete
 * (checked before the body is read, and again by the service). */
public final class CannedResponseHttp {
    record Body(String shortcut, String title, String text) {
    }

    private final CannedResponseService canned;
    private final Authenticator auth;

    public CannedResponseHttp(CannedResponseService canned, Authenticator auth) {
        this.canned = canned;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/canned-responses", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            ctx.json(Map.of("canned_responses",
                    canned.list(agent, ctx.queryParam("q")).stream().map(CannedResponseJson::of).toList()));
        });
        routes.post("/api/v1/canned-responses", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            Body body = Json.parse(ctx.bodyAsBytes(), Body.class);
            ctx.status(201).json(CannedResponseJson.of(canned.create(admin, change(body))));
        });
        routes.patch("/api/v1/canned-responses/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            Body body = Json.parse(ctx.bodyAsBytes(), Body.class);
            ctx.json(CannedResponseJson.of(canned.update(admin, ctx.pathParam("id"), change(body))));
        });
        routes.delete("/api/v1/canned-responses/{id}", ctx -> {
            canned.delete(auth.requireAdmin(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private static CannedResponseChange change(Body body) {
        return new CannedResponseChange(body.shortcut(), body.title(), body.text());
    }
}
