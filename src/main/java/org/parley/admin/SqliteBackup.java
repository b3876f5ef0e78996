package org.parley.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * {@code backup FILE} on SQLite: SQLite's online backup API, safe while the server writes.
 *
 * <p>All pages are copied in one step (sqlite-jdbc's {@code backup to} SQL copies 100 pages a step, and a
 * step after another process wrote restarts the copy: under a busy server it might never finish). One
 * step is one read transaction, which in WAL mode never blocks the server's writer, so the copy is the
 * database as of one commit. It is written beside the target, turned into a self-contained file (rollback
 * journal instead of WAL), checked, and only then renamed to the target: FILE is a whole backup or absent.
 */
final class SqliteBackup {
    private SqliteBackup() {
    }

    /** Copies the database at {@code jdbcUrl} (an existing SQLite file) to {@code target}; returns its size. */
    static long backup(String jdbcUrl, Path target) throws IOException, SQLException {
        if (Files.exists(target)) {
            throw new AdminCli.Failure(target + " already exists; a backup never overwrites a file");
        }
        Path absolute = target.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try {
            try (Connection source = DriverManager.getConnection(jdbcUrl)) {
                int rc = source.unwrap(SQLiteConnection.class).getDatabase()
                        .backup("main", partial.toString(), null, 100, 50, -1);
                if (rc != 0) {
                    throw new AdminCli.Failure("the backup failed (SQLite error " + rc + ")");
                }
            }
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + partial);
                 Statement statement = copy.createStatement()) {
                statement.execute("PRAGMA journal_mode=DELETE");
                try (var check = statement.executeQuery("PRAGMA quick_check")) {
                    String result = check.next() ? check.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new AdminCli.Failure("the copy failed its integrity check: " + result);
                    }
                }
            }
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(absolute);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
