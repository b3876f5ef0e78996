package org.parley.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Query;
import org.parley.http.Routes;
import org.parley.identity.Authenticator;

/** A contact's export and deletion, and the audit log: owners, admins and API keys (docs/privacy.md). */
public final class PrivacyHttp {
    private final PrivacyService privacy;
    private final Authenticator auth;

    public PrivacyHttp(PrivacyService privacy, Authenticator auth) {
        this.privacy = privacy;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/contacts/{id}/export", ctx -> {
            String contactId = ctx.pathParam("id");
            Map<String, Object> document = privacy.export(auth.requireAdmin(ctx), contactId);
            ctx.header("Cache-Control", "no-store");
            ctx.header("Content-Disposition", "attachment; filename=\"contact-" + contactId + ".json\"");
            ctx.json(document);
        });
        routes.delete("/api/v1/contacts/{id}", ctx -> {
            String contactId = ctx.pathParam("id");
            Map<String, Integer> rows = privacy.delete(auth.requireAdmin(ctx), contactId);
            ctx.json(Map.of("contact_id", contactId, "deleted", rows));
        });
        routes.get("/api/v1/audit-log", ctx -> {
            int limit = (int) Query.number(ctx, "limit", 1, 200, 50);
            String before = ctx.queryParam("before");
            if (before != null && (before.isEmpty() || before.length() > 64)) {
                throw ApiError.badRequest("Parameter 'before' must be the id of an audit log entry");
            }
            List<AuditEntry> entries = privacy.auditLog(auth.requireAdmin(ctx), before, limit);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("entries", entries);
            if (entries.size() == limit) {
                json.put("next_before", entries.getLast().id());
            }
            ctx.json(json);
        });
    }
}
