package org.parley.analytics;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.storage.Database;
import org.parley.workspace.BusinessHours;
import org.parley.workspace.WorkspaceService;

/** Builds a report's response (docs/analytics.md, "Reports API") from fresh rollups. */
public final class ReportService {
    private final ReportQueries queries;
    private final RollupJob rollups;
    private final WorkspaceService workspaces;

    public ReportService(Database db, RollupJob rollups, WorkspaceService workspaces) {
        this.queries = new ReportQueries(db);
        this.rollups = rollups;
        this.workspaces = workspaces;
    }

    /** A report request as the API takes it. */
    public record Request(String name, String from, String to, String interval, boolean compare, String filter) {
    }

    public Map<String, Object> report(String workspaceId, Request request) {
        Reports.Definition d = Reports.require(request.name());
        ReportRange range = ReportRange.parse(request.from(), request.to(), request.interval(), zone(workspaceId));
        String[] filter = filter(request.filter(), d);
        rollups.flush(workspaceId);
        Reports.Figures figures = Reports.compute(queries, workspaceId, d, range, filter[0], filter[1]);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", d.name());
        json.put("range", range(range));
        json.put("interval", range.interval());
        json.put("filter", filter[0] == null ? null : Map.of("dimension", filter[0], "value", filter[1]));
        json.put("filters", d.filters());
        json.put("metrics", d.metrics().stream().map(m -> Map.of("key", m.key(), "label", m.label(), "unit", m.unit())).toList());
        json.put("totals", JsonRows.of(figures.totals()));
        if (request.compare()) {
            ReportRange previous = range.previous();
            Reports.Figures before = Reports.compute(queries, workspaceId, d, previous, filter[0], filter[1]);
            json.put("previous", Map.of("range", range(previous), "totals", JsonRows.of(before.totals())));
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (int i = 0; i < figures.slots().size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", range.label(figures.slots().get(i)));
            row.putAll(figures.series().get(i));
            series.add(row);
        }
        json.put("series", JsonRows.list(series));
        json.put("breakdown", Breakdowns.of(queries, workspaceId, d.name(), range, filter[0], filter[1]));
        if (d.name().equals("conversions")) {
            json.put("currency", Breakdowns.mainCurrency(queries, workspaceId, range));
        }
        return json;
    }

    /** The most frequent values of each filter over the range, agents and flows with their names. */
    public Map<String, Object> filters(String workspaceId, String from, String to) {
        ReportRange range = ReportRange.parse(from, to, "day", zone(workspaceId));
        rollups.flush(workspaceId);
        Map<String, List<String>> top = queries.topValues(workspaceId, range.pieces(), 50);
        Map<String, Object> json = new LinkedHashMap<>();
        for (String dim : List.of("page", "source", "utm_campaign", "ref", "device")) {
            json.put(dim, top.getOrDefault(dim, List.of()));
        }
        json.put("agent", named(top.getOrDefault("agent", List.of()), queries.names(workspaceId, "agents")));
        json.put("flow", named(top.getOrDefault("flow", List.of()), queries.names(workspaceId, "flows")));
        return json;
    }

    private static List<Map<String, String>> named(List<String> ids, Map<String, String> names) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String id : ids) {
            out.add(Map.of("id", id, "name", names.getOrDefault(id, id)));
        }
        out.sort(Comparator.comparing(m -> m.get("name")));
        return out;
    }

    private static String[] filter(String filter, Reports.Definition d) {
        if (filter == null || filter.isBlank()) {
            return new String[] {null, null};
        }
        int colon = filter.indexOf(':');
        if (colon <= 0 || colon == filter.length() - 1 || filter.length() > 300) {
            throw ApiError.badRequest("'filter' must be DIMENSION:VALUE, e.g. device:mobile");
        }
        String dim = filter.substring(0, colon);
        if (!d.filters().contains(dim)) {
            throw ApiError.badRequest("The " + d.name() + " report filters by " + String.join(", ", d.filters())
                    + ", not '" + (dim.length() > 30 ? dim.substring(0, 30) : dim) + "'");
        }
        return new String[] {dim, filter.substring(colon + 1)};
    }

    private ZoneId zone(String workspaceId) {
        BusinessHours hours = workspaces.require(workspaceId).settings().businessHours();
        return hours == null || hours.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(hours.timeZone());
    }

    private static Map<String, Object> range(ReportRange r) {
        return Map.of("from", r.from().toString(), "to", r.to().toString(), "time_zone", r.zone().getId());
    }
}
