package org.parley.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.parley.http.Json;
import org.parley.storage.Database;

/**
 * A contact's data as one JSON document (docs/privacy.md): the contact, then every table of {@link ContactTables}
 * that is exported, by table name. Private notes are included, marked {@code is_private}: they are the business's
 * records about the person, which a request for access covers; whoever hands the file over may review them first.
 */
final class ContactExport {
    static final String FORMAT = "parley.contact-export/1";

    private final Database db;

    ContactExport(Database db) {
        this.db = db;
    }

    /** The document, read in one handle. */
    Map<String, Object> of(ContactScope scope, long exportedAt) {
        return db.read(h -> {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("format", FORMAT);
            document.put("exported_at", exportedAt);
            document.put("workspace_id", scope.workspaceId());
            document.put("contact", rows(h, scope, ContactTables.CONTACTS).getFirst());
            Map<String, Object> tables = new LinkedHashMap<>();
            tables.put("visitors", rows(h, scope, ContactTables.VISITORS));
            for (ContactTables.Table table : ContactTables.ALL) {
                if (table.exported() != null && !(table.sqliteOnly() && db.dialect() != Database.Dialect.SQLITE)) {
                    tables.put(table.name(), rows(h, scope, table));
                }
            }
            document.put("tables", tables);
            return document;
        });
    }

    private static List<Map<String, Object>> rows(Handle h, ContactScope scope, ContactTables.Table table) {
        String sql = "SELECT " + table.exported() + " FROM " + table.name() + " WHERE " + scope.sql(table.condition())
                + " ORDER BY 1";
        return scope.bind(h.createQuery(sql)).mapToMap().list().stream().map(ContactExport::readable).toList();
    }

    /** JSON kept as text becomes JSON; booleans stored as 0/1 (SQLite) stay numbers: the column names say what they are. */
    private static Map<String, Object> readable(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        for (String column : ContactTables.JSON_COLUMNS) {
            if (out.get(column) instanceof String text && (text.startsWith("{") || text.startsWith("["))) {
                try {
                    out.put(column, Json.tree(text));
                } catch (RuntimeException e) {
                    // not JSON after all: shown as stored
                }
            }
        }
        return out;
    }
}
