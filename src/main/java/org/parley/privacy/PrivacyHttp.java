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
    /** The bytes of a workspace's file, for the ZIP export (the file feature's store); empty when gone. */
    @FunctionalInterface
    public interface FileBytes {
        java.util.Optional<java.io.InputStream> open(String workspaceId, String fileId) throws java.io.IOException;
    }

    private final PrivacyService privacy;
    private final Authenticator auth;
    private final FileBytes files;

    public PrivacyHttp(PrivacyService privacy, Authenticator auth, FileBytes files) {
        this.privacy = privacy;
        this.auth = auth;
        this.files = files;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/contacts/{id}/export", ctx -> {
            String contactId = ctx.pathParam("id");
            String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
            if (!format.equals("json") && !format.equals("zip")) {
                throw ApiError.badRequest("Parameter 'format' must be json or zip");
            }
            var admin = auth.requireAdmin(ctx);
            Map<String, Object> document = privacy.export(admin, contactId);
            ctx.header("Cache-Control", "no-store");
            ctx.header("Content-Disposition", "attachment; filename=\"contact-" + contactId + "." + format + "\"");
            if (format.equals("json")) {
                ctx.json(document);
                return;
            }
            ctx.contentType("application/zip");
            ExportZip.write(document, admin.workspaceId(), files, ctx.outputStream());
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
