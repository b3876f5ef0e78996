package org.parley.kb;

import io.javalin.http.Context;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/**
 * Knowledge base routes (docs/kb.md): agents read and search, admins write (checked before the body is read, and
 * again by the service); the public page of a published article for visitors.
 */
public final class KbHttp {
    static final int SEARCH_RESULTS = 5;

    record Body(String title, String body, String language, Boolean published) {
    }

    record Preview(String body) {
    }

    private final KbService kb;
    private final Authenticator auth;

    public KbHttp(KbService kb, Authenticator auth) {
        this.kb = kb;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/kb/articles", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            ctx.json(Map.of("articles", kb.list(agent, ctx.queryParam("q")).stream()
                    .map(a -> KbArticleJson.of(a, null, kb.publicUrl(a.workspaceId(), a.id()))).toList(),
                    "languages", KbService.languages()));
        });
        routes.post("/api/v1/kb/articles", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            Body body = Json.parse(ctx.bodyAsBytes(), Body.class);
            ctx.status(201).json(full(kb.create(admin, change(body))));
        });
        routes.get("/api/v1/kb/articles/{id}", ctx -> ctx.json(full(kb.require(auth.requireAgent(ctx), ctx.pathParam("id")))));
        routes.patch("/api/v1/kb/articles/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            Body body = Json.parse(ctx.bodyAsBytes(), Body.class);
            ctx.json(full(kb.update(admin, ctx.pathParam("id"), change(body))));
        });
        routes.delete("/api/v1/kb/articles/{id}", ctx -> {
            kb.delete(auth.requireAdmin(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.get("/api/v1/kb/search", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            ctx.json(Map.of("results", kb.search(agent, ctx.queryParam("q"), ctx.queryParam("language"), SEARCH_RESULTS)));
        });
        routes.post("/api/v1/kb/preview", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            Preview body = Json.parse(ctx.bodyAsBytes(), Preview.class);
            ctx.json(Map.of("html", kb.preview(agent, body == null ? null : body.body())));
        });
        routes.get("/kb/{workspace}/{article}", this::page);
    }

    private KbArticleJson full(KbArticle a) {
        return KbArticleJson.of(a, kb.html(a.body()), kb.publicUrl(a.workspaceId(), a.id()));
    }

    private void page(Context ctx) {
        KbArticle article = kb.findPublished(ctx.pathParam("workspace"), ctx.pathParam("article")).orElse(null);
        ctx.contentType("text/html; charset=utf-8").header("Content-Security-Policy", KbPage.CSP)
                .header("X-Content-Type-Options", "nosniff");
        if (article == null) {
            ctx.status(404).result(KbPage.notFound());
            return;
        }
        ctx.result(KbPage.render(article, kb.html(article.body())));
    }

    private static KbService.Change change(Body body) {
        if (body == null) {
            throw ApiError.badRequest("A JSON object is required");
        }
        return new KbService.Change(body.title(), body.body(), body.language(), body.published());
    }
}
