package org.parley.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The run's own PostgreSQL: initdb into a temporary directory, started as the {@code postgres} OS user
 * (PostgreSQL refuses root) on a loopback port of its own, killed -9 and started again on the same data.
 * The machine's own PostgreSQL is never touched: this one is found only by its data directory and its
 * cluster name.
 */
final class PostgresNode {
    static final String DATABASE = "parley";

    private final Path bin;
    private final int port;
    private final boolean asyncCommit;
    private final Path log;
    private final Cleanup cleanup;
    private final String clusterName;
    private Path root;
    private Path data;
    private Process runuser;

    PostgresNode(Path bin, int port, boolean asyncCommit, Path log, Cleanup cleanup) {
        this.bin = bin != null ? bin : newestBin();
        this.port = port;
        this.asyncCommit = asyncCommit;
        this.log = log;
        this.cleanup = cleanup;
        this.clusterName = "parleychaos" + port;
    }

    /** The newest /usr/lib/postgresql/N/bin with a postgres binary. */
    static Path newestBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql/*/bin"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: " + e.getMessage());
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&connectTimeout=5&loginTimeout=5";
    }

    String describe() {
        return bin.getParent().getFileName() + " on 127.0.0.1:" + port + " (" + data + ", synchronous_commit="
                + (asyncCommit ? "off" : "on") + ")";
    }

    /** initdb into a fresh temporary directory owned by the postgres user, start, create the database. */
    void init() throws IOException, InterruptedException, SQLException {
        root = Files.createTempDirectory("parley-chaos-pg");
        cleanup.dir(root);
        data = root.resolve("data");
        run(List.of("chown", "postgres:postgres", root.toString()));
        cleanup.postgres(clusterName, data);
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", data.toString(),
                "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"));
        start();
        if (!awaitReady(Duration.ofSeconds(60))) {
            throw new IOException("PostgreSQL did not accept connections within 60 s; see " + log);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"))) {
            c.createStatement().execute("CREATE DATABASE " + DATABASE);
        }
    }

    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--",
                bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + root,
                "-c", "cluster_name=" + clusterName, "-c", "max_connections=100", "-c", "shared_buffers=64MB",
                "-c", "logging_collector=off", "-c", "log_line_prefix=%m [%p] "));
        if (asyncCommit) {
            // The negative control: commits are acknowledged before their WAL is written; the WAL writer
            // writes it at most every 10 s, so a kill -9 loses what it had not written yet.
            command.addAll(List.of("-c", "synchronous_commit=off", "-c", "wal_writer_delay=10000ms"));
        }
        runuser = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    boolean awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (runuser != null && !runuser.isAlive()) {
                return false; // it exited: see the log
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"))) {
                if (c.isValid(2)) {
                    return true;
                }
            } catch (SQLException notYet) {
                // starting, or in crash recovery
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** kill -9 of the postmaster and every backend and helper of this server, as a crash ends them. */
    int kill9() throws InterruptedException, IOException {
        int killed = Procs.killPostgres(clusterName, data.toString());
        if (runuser != null) {
            runuser.waitFor(10, TimeUnit.SECONDS);
        }
        if (!Procs.postgresProcesses(clusterName, data.toString()).isEmpty()) {
            throw new IllegalStateException("processes of the run's PostgreSQL survived kill -9");
        }
        // Every process of this server is gone (checked above), so its lock files are stale. PostgreSQL would
        // refuse to start if the dead postmaster's pid were reused meanwhile (pids wrap fast on a busy machine).
        Files.deleteIfExists(data.resolve("postmaster.pid"));
        Files.deleteIfExists(root.resolve(".s.PGSQL." + port + ".lock"));
        return killed;
    }

    /** A fast shutdown (SIGINT to the postmaster), then kill -9 after 20 s. */
    void stop() {
        if (data == null) {
            return;
        }
        try {
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                if (Procs.commandLine(pid).contains(data.toString())) {
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
                    ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> h).join());
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("chaos: PostgreSQL fast shutdown failed (" + e + "); killing it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Procs.killPostgres(clusterName, data.toString());
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
