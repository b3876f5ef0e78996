package org.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The write discipline on a real SQLite file: group commit isolates failures, nested writes are refused. */
class DatabaseTest {
    @Test
    void aFailingWriteIsRolledBackAloneAndItsErrorReachesItsCaller() throws Exception {
        Path dir = Files.createTempDirectory("parley-db");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null)) {
            db.write("ws", h -> h.execute("CREATE TABLE t (v INTEGER NOT NULL UNIQUE)"));
            db.write("ws", h -> h.execute("INSERT INTO t VALUES (1)"));
            assertThatThrownBy(() -> db.write("ws", h -> {
                h.execute("INSERT INTO t VALUES (2)");
                return h.execute("INSERT INTO t VALUES (1)"); // unique violation after a write
            })).isInstanceOf(RuntimeException.class);
            db.write("ws", h -> h.execute("INSERT INTO t VALUES (3)"));
            java.util.List<Integer> values = db.read(h -> h.createQuery("SELECT v FROM t ORDER BY v").mapTo(Integer.class).list());
            assertThat(values).containsExactly(1, 3);
        }
    }

    @Test
    void aWriteFromInsideAWriteOrItsAfterCommitStepIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("parley-db");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null)) {
            assertThatThrownBy(() -> db.write("ws", h -> db.write("ws", inner -> 1)))
                    .hasMessageContaining("nested write");
            AtomicReference<Throwable> fromPublisher = new AtomicReference<>();
            db.write("ws", h -> 1, result -> {
                try {
                    db.write("ws", inner -> 2);
                } catch (RuntimeException e) {
                    fromPublisher.set(e);
                }
            });
            assertThat(fromPublisher.get()).hasMessageContaining("nested write");
        }
    }
}
