package org.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.TestServer;

/**
 * Group commit with several writes in one batch, on both databases: a write that fails (a constraint
 * of the database, or an exception of its own after it wrote) is rolled back alone; every other write of
 * its batch commits and answers its caller.
 */
class WriteBatchIT {
    private static Database open(String database) throws Exception {
        if (database.equals("sqlite")) {
            return Database.open("jdbc:sqlite:" + Files.createTempDirectory("parley-batch").resolve("t.db"), null);
        }
        String url = System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_URL", TestServer.DEFAULT_POSTGRES);
        return Database.open(url, "b_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aFailingWriteInABatchFailsAloneAndTheOthersCommit(String database) throws Exception {
        String ws = "ws";
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try (Database db = open(database)) {
            db.write(ws, h -> h.execute("CREATE TABLE batch_t (v INTEGER NOT NULL UNIQUE)"));
            db.write(ws, h -> h.execute("INSERT INTO batch_t VALUES (1)"));

            // Hold the writer inside a first batch while the next one queues up behind it.
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> holder = callers.submit(() -> db.write(ws, h -> {
                inside.countDown();
                await(release);
                return h.execute("INSERT INTO batch_t VALUES (100)");
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            Map<Integer, Future<Integer>> outcomes = new ConcurrentHashMap<>();
            List<Integer> good = List.of(2, 3, 4, 5, 7, 8);
            for (int v : List.of(2, 3, 4)) {
                outcomes.put(v, callers.submit(() -> db.write(ws, h -> h.execute("INSERT INTO batch_t VALUES (" + v + ")"))));
            }
            waitForQueue(db, ws, 3);
            // A unique violation: the database refuses it (on PostgreSQL the transaction is aborted until rolled back).
            outcomes.put(-1, callers.submit(() -> db.write(ws, h -> h.execute("INSERT INTO batch_t VALUES (1)"))));
            waitForQueue(db, ws, 4);
            // A write that wrote, then failed in Java: what it wrote must go too.
            outcomes.put(-6, callers.submit(() -> db.write(ws, h -> {
                h.execute("INSERT INTO batch_t VALUES (6)");
                throw new IllegalArgumentException("refused after writing");
            })));
            waitForQueue(db, ws, 5);
            for (int v : List.of(5, 7, 8)) {
                outcomes.put(v, callers.submit(() -> db.write(ws, h -> h.execute("INSERT INTO batch_t VALUES (" + v + ")"))));
            }
            waitForQueue(db, ws, 8);
            release.countDown();

            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            List<String> failures = new ArrayList<>();
            for (int v : good) {
                try {
                    assertThat(outcomes.get(v).get(10, TimeUnit.SECONDS)).isEqualTo(1);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(v + ": " + e.getCause());
                }
            }
            assertThat(failures).as("innocent writes of the batch").isEmpty();
            for (int v : List.of(-1, -6)) {
                try {
                    outcomes.get(v).get(10, TimeUnit.SECONDS);
                    throw new AssertionError("write " + v + " should have failed");
                } catch (java.util.concurrent.ExecutionException expected) {
                    assertThat(expected.getCause()).isInstanceOf(RuntimeException.class);
                }
            }
            assertThat(outcomes.get(-6)).failsWithin(1, TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("refused after writing");
            List<Integer> values = db.read(h -> h.createQuery("SELECT v FROM batch_t ORDER BY v").mapTo(Integer.class).list());
            assertThat(values).containsExactly(1, 2, 3, 4, 5, 7, 8, 100);
            // The writer goes on after the batch.
            db.write(ws, h -> h.execute("INSERT INTO batch_t VALUES (9)"));
            int count = db.read(h -> h.createQuery("SELECT COUNT(*) FROM batch_t").mapTo(Integer.class).one());
            assertThat(count).isEqualTo(9);
        } finally {
            callers.shutdownNow();
        }
    }

    private static void waitForQueue(Database db, String ws, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (db.queuedWrites(ws) < size) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("only " + db.queuedWrites(ws) + " writes queued, expected " + size);
            }
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
