package org.parley.search;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.parley.storage.Database;

/**
 * Full-text SQL over messages, one statement per vendor (migrations V6 in db/migration/sqlite and
 * db/migration/postgresql). Both pick the latest matching message of each conversation and order the
 * conversations by last activity; both filter by workspace_id in every table they read.
 */
final class SearchRepository {
    /** The latest matching message of a conversation. */
    record Hit(String conversationId, String messageId, long seq, String text) {
    }

    /** SQLite: the FTS5 table {@code message_search}, filled by triggers on messages (system messages left out). */
    private static final String SQLITE_HITS = """
            SELECT message_search.conversation_id AS conversation_id, MAX(message_search.seq) AS seq
            FROM message_search
            WHERE message_search MATCH :q AND message_search.workspace_id = :ws
            GROUP BY message_search.conversation_id""";

    /** PostgreSQL: the expression GIN index {@code messages_text_search}; the expression must match it exactly. */
    private static final String POSTGRESQL_HITS = """
            SELECT conversation_id, MAX(seq) AS seq
            FROM messages
            WHERE workspace_id = :ws AND sender_type NOT IN ('SYSTEM', 'system')
              AND to_tsvector('simple', regexp_replace(text, '[[:punct:]]+', ' ', 'g')) @@ to_tsquery('simple', :q)
            GROUP BY conversation_id""";

    private static final String LATEST_PER_CONVERSATION = """
            SELECT m.conversation_id, m.id, m.seq, m.text
            FROM (%s) hit
            JOIN conversations c ON c.workspace_id = :ws AND c.id = hit.conversation_id
            JOIN messages m ON m.workspace_id = :ws AND m.conversation_id = hit.conversation_id AND m.seq = hit.seq
            ORDER BY c.last_activity_at DESC, c.id DESC
            LIMIT :limit""";

    private final Database.Dialect dialect;

    SearchRepository(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    List<Hit> messages(Handle h, String workspaceId, SearchQuery query, int limit) {
        boolean sqlite = dialect == Database.Dialect.SQLITE;
        String sql = LATEST_PER_CONVERSATION.formatted(sqlite ? SQLITE_HITS : POSTGRESQL_HITS);
        return h.createQuery(sql)
                .bind("q", sqlite ? query.fts5() : query.tsquery())
                .bind("ws", workspaceId).bind("limit", limit)
                .map((rs, ctx) -> new Hit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list();
    }
}
