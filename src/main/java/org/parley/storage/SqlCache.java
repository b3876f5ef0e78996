package org.parley.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Prepared statements kept open on a writer's own connection, for the hottest writes (the message
 * path runs a handful of statements per message; preparing them each time cost more than running them).
 * Only writer threads use it, each on its own pinned connection, so the cache needs no locking.
 */
public final class SqlCache {
    private static final ThreadLocal<Map<String, PreparedStatement>> STATEMENTS = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Connection> OWNER = new ThreadLocal<>();

    private SqlCache() {
    }

    /** A prepared statement for {@code sql} on the handle's connection; reused when the connection is the same. */
    public static PreparedStatement prepare(Handle handle, String sql) {
        Connection connection = handle.getConnection();
        try {
            if (OWNER.get() != connection) {
                clear();
                OWNER.set(connection);
            }
            Map<String, PreparedStatement> statements = STATEMENTS.get();
            PreparedStatement statement = statements.get(sql);
            if (statement == null || statement.isClosed()) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            statement.clearParameters();
            return statement;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare: " + sql, e);
        }
    }

    /** Closes this thread's statements (when its connection goes away). */
    static void clear() {
        for (PreparedStatement statement : STATEMENTS.get().values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing a statement of a dead connection: nothing to do
            }
        }
        STATEMENTS.get().clear();
        OWNER.remove();
    }
}
