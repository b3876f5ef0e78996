package org.parley.rating;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.parley.http.Json;
import org.parley.http.Routes;
import org.parley.identity.Authenticator;
import org.parley.identity.VisitorPrincipal;

/**
 * Ratings for both audiences: the visitor rates and reads its own (the widget, and /me through a minted
 * visitor token); agents read a conversation's rating. {@code rating} is null while there is none.
 */
public final class RatingHttp {
    record RatingBody(Integer score, String comment) {
    }

    private final RatingService ratings;
    private final Authenticator auth;

    public RatingHttp(RatingService ratings, Authenticator auth) {
        this.ratings = ratings;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.put("/api/v1/visitor/conversations/{id}/rating", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            RatingBody body = Json.parse(ctx.bodyAsBytes(), RatingBody.class);
            Rating rating = ratings.rate(visitor, ctx.pathParam("id"), new RateConversation(body.score(), body.comment()));
            ctx.json(Map.of("rating", RatingJson.forVisitor(rating)));
        });
        routes.get("/api/v1/visitor/conversations/{id}/rating", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            render(ctx, ratings.find(visitor, ctx.pathParam("id")).map(RatingJson::forVisitor));
        });
        routes.get("/api/v1/conversations/{id}/rating", ctx ->
                render(ctx, ratings.find(auth.requireAgent(ctx), ctx.pathParam("id")).map(RatingJson::forAgent)));
    }

    private static void render(Context ctx, Optional<?> rating) {
        Map<String, Object> json = new HashMap<>();
        json.put("rating", rating.orElse(null));
        ctx.header("Cache-Control", "no-store");
        ctx.json(json);
    }
}
