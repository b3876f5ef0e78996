package org.parley.analytics;

import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/** Routes of the reports (owners and admins): each report as JSON or CSV, the filters' values, the settings. */
public final class ReportHttp {
    private record SettingsBody(Integer conversion_window_hours) {
    }

    private final ReportService reports;
    private final ReportSettings settings;
    private final Authenticator auth;

    public ReportHttp(ReportService reports, ReportSettings settings, Authenticator auth) {
        this.reports = reports;
        this.settings = settings;
        this.auth = auth;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/reports/filters", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            ctx.json(reports.filters(admin.workspaceId(), ctx.queryParam("from"), ctx.queryParam("to")));
        });
        routes.get("/api/v1/reports/settings", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            ctx.json(Map.of("conversion_window_hours", settings.conversionWindowHours(admin.workspaceId())));
        });
        routes.patch("/api/v1/reports/settings", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            SettingsBody body = Json.parse(ctx.bodyAsBytes(), SettingsBody.class);
            ctx.json(Map.of("conversion_window_hours",
                    settings.setConversionWindowHours(admin.workspaceId(), body.conversion_window_hours())));
        });
        routes.get("/api/v1/reports/{name}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            String format = ctx.queryParam("format");
            if (format != null && !format.equals("csv") && !format.equals("json")) {
                throw ApiError.badRequest("'format' must be json or csv");
            }
            String compare = ctx.queryParam("compare");
            if (compare != null && !compare.equals("previous")) {
                throw ApiError.badRequest("'compare' must be previous");
            }
            Map<String, Object> report = reports.report(admin.workspaceId(), new ReportService.Request(ctx.pathParam("name"),
                    ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("interval"), compare != null,
                    ctx.queryParam("filter")));
            if ("csv".equals(format)) {
                ctx.contentType("text/csv; charset=utf-8");
                ctx.header("Content-Disposition", "attachment; filename=\"parley-" + report.get("report") + "-"
                        + ctx.queryParam("from") + "-" + ctx.queryParam("to") + ".csv\"");
                ctx.result(csv(report));
            } else {
                ctx.json(report);
            }
        });
    }

    /** The series as CSV: a header of metric keys, then one line per slot (dates and numbers only). */
    @SuppressWarnings("unchecked")
    static String csv(Map<String, Object> report) {
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) report.get("metrics");
        StringBuilder out = new StringBuilder("start");
        metrics.forEach(m -> out.append(',').append(m.get("key")));
        out.append("\r\n");
        for (com.fasterxml.jackson.databind.JsonNode row : (com.fasterxml.jackson.databind.JsonNode) report.get("series")) {
            out.append(row.get("start").asText());
            for (Map<String, Object> m : metrics) {
                com.fasterxml.jackson.databind.JsonNode v = row.get((String) m.get("key"));
                out.append(',').append(v == null || v.isNull() ? "" : v.asText());
            }
            out.append("\r\n");
        }
        return out.toString();
    }
}
