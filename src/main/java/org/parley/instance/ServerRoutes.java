package org.parley.instance;

import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Routes;
import org.parley.mail.LogMailer;
import org.parley.mail.Mailer;
import org.parley.mail.OutboxPage;
import org.parley.storage.Database;

/**
 * The server's own routes, beside the features': health (for load balancers), the API's description, and in
 * development the outbox of emails a log mailer kept (PARLEY_DEV_OUTBOX).
 */
public final class ServerRoutes {
    private ServerRoutes() {
    }

    public static void register(Routes routes, Database database, Mailer mailer, boolean devOutbox,
                                java.util.function.Supplier<String> openApi) {
        routes.get("/health", ctx -> {
            if (!database.isReachable()) {
                throw new ApiError(503, "unavailable", "Database unreachable");
            }
            ctx.json(Map.of("status", "ok"));
        });
        if (devOutbox && mailer instanceof LogMailer log) {
            routes.get("/dev/outbox", ctx -> ctx.header("Cache-Control", "no-store")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .html(OutboxPage.render(log.outbox())));
        }
        routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi.get()));
    }
}
