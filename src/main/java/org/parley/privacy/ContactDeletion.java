package org.parley.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.parley.storage.Database;

/**
 * Deletes every row of a contact, table by table in {@link ContactTables}' order, inside the caller's write (one
 * transaction). A browser (visitor) whose id another contact's conversation still names (a shared computer where a
 * second person signed in: customer.SignedIdentityService) cannot go without that other person's conversation: it
 * is handed to that contact and its token is made unusable instead; its activity goes with this contact's.
 */
final class ContactDeletion {
    private final Database.Dialect dialect;

    ContactDeletion(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    /** The rows deleted per table (only counts: the audit log keeps them, with no personal data). */
    Map<String, Integer> delete(Handle h, ContactScope scope) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        // The bytes of the contact's files go after this commits (file.FileJanitor); queued_at 0 puts them first.
        for (String key : java.util.List.of("storage_key", "storage_key || '.thumb'")) {
            scope.bind(h.createUpdate("INSERT INTO file_purges (storage_key, workspace_id, queued_at) SELECT " + key
                    + ", workspace_id, 0 FROM files WHERE " + scope.sql(ContactTables.FILES)
                    + (key.equals("storage_key") ? "" : " AND thumbnail_type IS NOT NULL")
                    + " ON CONFLICT (storage_key) DO NOTHING")).execute();
        }
        for (ContactTables.Table table : ContactTables.ALL) {
            if (!(table.sqliteOnly() && dialect != Database.Dialect.SQLITE)) {
                deleted.put(table.name(), delete(h, scope, table.name(), table.condition()));
            }
        }
        if (dialect == Database.Dialect.SQLITE) {
            // search.SearchIndexer indexes messages by rowid, up to search_progress.last_rowid. SQLite gives a new row
            // the highest rowid + 1: once the newest messages are deleted, new ones would take their rowids, at or
            // below last_rowid, and never be indexed. Every row above the highest rowid left is gone, so going back
            // to it skips nothing and indexes nothing twice.
            h.createUpdate("UPDATE search_progress SET last_rowid = (SELECT COALESCE(MAX(rowid), 0) FROM messages) "
                    + "WHERE last_rowid > (SELECT COALESCE(MAX(rowid), 0) FROM messages)").execute();
        }
        int handed = scope.bind(h.createUpdate(scope.sql("""
                UPDATE visitors SET token_hash = 'erased:' || id, contact_id = (
                    SELECT c.contact_id FROM conversations c WHERE c.visitor_id = visitors.id
                    ORDER BY c.created_at DESC LIMIT 1)
                WHERE workspace_id = :ws AND id IN (:visitors)
                AND EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = visitors.id)"""))).execute();
        if (handed > 0) {
            deleted.put("visitors_handed_over", handed);
        }
        deleted.put("visitors", delete(h, scope, "visitors", ContactTables.VISITORS.condition() + " AND contact_id = :contact"));
        deleted.put("contacts", delete(h, scope, "contacts", ContactTables.CONTACTS.condition()));
        return deleted;
    }

    private static int delete(Handle h, ContactScope scope, String table, String condition) {
        return scope.bind(h.createUpdate("DELETE FROM " + table + " WHERE " + scope.sql(condition))).execute();
    }
}
