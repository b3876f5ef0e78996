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

    @Test
    void writeAllIsOneTransactionWhoseReadsSeeItsWritesAndWhoseStepsRunAfterCommit() throws Exception {
        Path dir = Files.createTempDirectory("parley-db");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null)) {
            db.write("ws", h -> h.execute("CREATE TABLE t (v INTEGER NOT NULL UNIQUE)"));
            java.util.List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
            db.writeAll("ws", () -> {
                db.write("ws", h -> h.execute("INSERT INTO t VALUES (1)"), n -> steps.add("after 1"));
                int seen = db.read(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one());
                steps.add("read " + seen);
                db.write("other", h -> h.execute("INSERT INTO t VALUES (2)"), n -> steps.add("after 2"));
            });
            assertThat(steps).containsExactly("read 1", "after 1", "after 2");

            assertThatThrownBy(() -> db.writeAll("ws", () -> {
                db.write("ws", h -> h.execute("INSERT INTO t VALUES (3)"), n -> steps.add("after 3"));
                db.write("ws", h -> h.execute("INSERT INTO t VALUES (1)")); // unique violation: all of it goes
            })).isInstanceOf(RuntimeException.class);
            java.util.List<Integer> values = db.read(h -> h.createQuery("SELECT v FROM t ORDER BY v").mapTo(Integer.class).list());
            assertThat(values).containsExactly(1, 2);
            assertThat(steps).doesNotContain("after 3");
        }
    }
}
