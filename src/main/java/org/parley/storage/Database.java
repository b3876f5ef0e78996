package org.parley.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Consumer;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one database of a Parley node: a pool, JDBI, migrations and the write discipline.
 *
 * <p>Writes go through {@link #write}: every workspace maps to one writer thread (one for SQLite, which
 * has a single writer anyway), which commits queued writes in batches and runs their after-commit steps
 * in order, so events of one workspace are published in the order of their cursors.
 */
public final class Database implements AutoCloseable {
    public enum Dialect { SQLITE, POSTGRESQL }

    private static final int STRIPES = 8;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Writer[] writers;
    private Checkpointer checkpointer;
    /** Set on the writer thread while {@link #writeAll} runs its body: that thread's reads and writes join it. */
    private final ThreadLocal<Enclosing> enclosing = new ThreadLocal<>();

    private record Enclosing(Handle handle, java.util.List<Runnable> afterCommits) {
    }

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.dialect = dialect;
        int stripes = dialect == Dialect.SQLITE ? 1 : STRIPES;
        this.writers = new Writer[stripes];
        for (int i = 0; i < stripes; i++) {
            writers[i] = new Writer(jdbi, "parley-writer-" + i);
        }
    }

    /** Opens the pool and runs the migrations of the URL's vendor. */
    public static Database open(String jdbcUrl, String schema) {
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setPoolName("parley");
        if (dialect == Dialect.SQLITE) {
            hikari.setMaximumPoolSize(9); // one for the writer, eight for readers
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            // Parley never asks for generated keys (ids are made in Java); skipping them saves a query per write.
            hikari.addDataSourceProperty("jdbc.get_generated_keys", "false");
            hikari.addDataSourceProperty("cache_size", "-16000");
            // Checkpoints (which fsync the database file) run on a background thread instead of inside
            // a commit of the writer: see Checkpointer.
            hikari.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
        } else {
            hikari.setMaximumPoolSize(STRIPES + 16); // each writer keeps one connection
            if (schema != null) {
                hikari.setSchema(schema);
            }
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            flyway(dataSource, dialect, schema).migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        Database database = new Database(dataSource, dialect);
        if (dialect == Dialect.SQLITE) {
            database.checkpointer = new Checkpointer(dataSource);
        }
        return database;
    }

    private static Flyway flyway(javax.sql.DataSource dataSource, Dialect dialect, String schema) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common",
                        "classpath:db/migration/" + dialect.name().toLowerCase());
        if (schema != null && dialect == Dialect.POSTGRESQL) {
            flyway.schemas(schema).createSchemas(true);
        }
        return flyway.load();
    }

    /**
     * The schema of the database at {@code jdbcUrl} without migrating it: how many migrations were applied
     * and the versions this build would still apply. For operator commands, which must not upgrade a
     * database under a running older server.
     */
    public record SchemaState(String current, int applied, java.util.List<String> pending) {
    }

    public static SchemaState schemaState(String jdbcUrl, String schema) {
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setPoolName("parley-schema");
        hikari.setMaximumPoolSize(3); // Flyway holds one connection for its lock and works on another
        try (HikariDataSource dataSource = new HikariDataSource(hikari)) {
            var info = flyway(dataSource, dialect, schema).info();
            String current = info.current() == null ? null : info.current().getVersion().getVersion();
            return new SchemaState(current, info.applied().length,
                    java.util.Arrays.stream(info.pending()).map(m -> m.getVersion().getVersion()).toList());
        }
    }

    public static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "PARLEY_DATABASE_URL must start with jdbc:sqlite: or jdbc:postgresql:, got " + jdbcUrl);
    }

    public Dialect dialect() {
        return dialect;
    }

    public <T> T read(Function<Handle, T> work) {
        Enclosing outer = enclosing.get();
        if (outer != null) {
            return work.apply(outer.handle()); // inside writeAll: see what the transaction wrote so far
        }
        return jdbi.withHandle(work::apply);
    }

    /**
     * Runs {@code body} as one transaction: every {@link #read} and {@link #write} it makes (through any
     * service) runs on that transaction, and their after-commit steps run in order once it commits. A
     * failure anywhere rolls back all of it. For multi-step jobs that must never stay half done (the demo
     * seed); the body runs on the stripe's writer, so it must not wait for other writes.
     */
    public void writeAll(String stripe, Runnable body) {
        write(stripe, h -> {
            java.util.List<Runnable> afterCommits = new java.util.ArrayList<>();
            enclosing.set(new Enclosing(h, afterCommits));
            try {
                body.run();
            } finally {
                enclosing.remove();
            }
            return afterCommits;
        }, afterCommits -> afterCommits.forEach(Runnable::run));
    }

    /**
     * Runs {@code work} in a transaction on the workspace's writer, then {@code afterCommit} with its result
     * (publication, in commit order), and returns the result once committed. Writes queued at the same time
     * share one transaction (group commit), each inside its own savepoint: a failing write is rolled back
     * alone and its exception rethrown to its caller.
     */
    public <T> T write(String workspaceId, Function<Handle, T> work, Consumer<T> afterCommit) {
        Enclosing outer = enclosing.get();
        if (outer != null) {
            T result = work.apply(outer.handle());
            outer.afterCommits().add(() -> afterCommit.accept(result));
            return result;
        }
        Writer writer = writers[Math.floorMod(workspaceId.hashCode(), writers.length)];
        if (writer.owns(Thread.currentThread())) {
            throw new IllegalStateException("nested write: do the work in the enclosing transaction");
        }
        if (!writer.isRunning()) {
            throw new org.parley.http.ApiError(503, "unavailable", "Parley is shutting down");
        }
        WriteTask<T> task = new WriteTask<>(work, afterCommit);
        writer.enqueue(task);
        return task.await();
    }

    /** Test hook: the next commit of the workspace's writer succeeds but its answer is lost (a crash right after COMMIT). */
    public void loseNextCommitReply(String workspaceId) {
        writers[Math.floorMod(workspaceId.hashCode(), writers.length)].loseNextCommitReply();
    }

    /** Writes queued for the workspace's writer and not yet taken into a batch (tests build batches with it). */
    int queuedWrites(String workspaceId) {
        return writers[Math.floorMod(workspaceId.hashCode(), writers.length)].queue.size();
    }

    public <T> T write(String workspaceId, Function<Handle, T> work) {
        return write(workspaceId, work, result -> { });
    }

    /** Reports batch sizes, commit times and publication lag of every writer to {@code metrics}. */
    public void observe(WriteMetrics metrics) {
        for (Writer writer : writers) {
            writer.metrics = metrics;
        }
    }

    /** Writes queued or committing, not yet published. */
    public int pendingWrites() {
        int pending = 0;
        for (Writer writer : writers) {
            pending += writer.pending();
        }
        return pending;
    }

    /**
     * Graceful shutdown: waits until every queued write has committed and run its after-commit step (new
     * writes are still taken meanwhile). False when {@code timeout} passed first; {@link #close} then fails the rest.
     */
    public boolean drain(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (Writer writer : writers) {
            drained &= writer.drain(deadline);
        }
        return drained;
    }

    public boolean isReachable() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (Writer writer : writers) {
            writer.stop();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        dataSource.close();
    }
}
