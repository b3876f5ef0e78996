package org.parley.analytics;

import org.parley.http.ApiError;
import org.parley.storage.Database;

/** Report settings of a workspace: the conversion window (how long after a conversation a purchase counts). */
public final class ReportSettings {
    public static final int DEFAULT_WINDOW_HOURS = 7 * 24;
    public static final int MAX_WINDOW_HOURS = 90 * 24;

    private final Database db;

    public ReportSettings(Database db) {
        this.db = db;
    }

    public int conversionWindowHours(String workspaceId) {
        return db.read(h -> h.createQuery("SELECT conversion_window_hours FROM report_settings WHERE workspace_id = :ws")
                .bind("ws", workspaceId).mapTo(Integer.class).findOne().orElse(DEFAULT_WINDOW_HOURS));
    }

    public int setConversionWindowHours(String workspaceId, Integer hours) {
        if (hours == null || hours < 1 || hours > MAX_WINDOW_HOURS) {
            throw ApiError.badRequest("Field 'conversion_window_hours' must be 1-" + MAX_WINDOW_HOURS);
        }
        db.write(workspaceId, h -> {
            int updated = h.createUpdate("UPDATE report_settings SET conversion_window_hours = :hours WHERE workspace_id = :ws")
                    .bind("hours", hours).bind("ws", workspaceId).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO report_settings (workspace_id, conversion_window_hours) VALUES (:ws, :hours)")
                        .bind("hours", hours).bind("ws", workspaceId).execute();
            }
            return null;
        });
        return hours;
    }
}
