package org.parley.search;

import java.util.Map;
import org.parley.contact.ContactJson;
import org.parley.http.Query;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** {@code GET /api/v1/search}: agents only. */
public final class SearchHttp {
    private final SearchService search;
    private final Authenticator auth;

    public SearchHttp(SearchService search, Authenticator auth) {
        this.search = search;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/search", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            int limit = (int) Query.number(ctx, "limit", 1, SearchService.MAX_LIMIT, 20);
            SearchService.Results results = search.search(agent, ctx.queryParam("q"), limit);
            ctx.json(Map.of("conversations", results.conversations(),
                    "contacts", results.contacts().stream().map(ContactJson::of).toList()));
        });
    }
}
