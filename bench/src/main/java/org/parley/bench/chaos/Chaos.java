package org.parley.bench.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The chaos-delivery harness (issue 10): starts Parley (and, for PostgreSQL, its own PostgreSQL), runs
 * visitors and agents of several workspaces as real clients, lets a seeded nemesis kill and cut, then
 * quiesces, makes every client resume one last time and checks the delivery guarantees of
 * docs/realtime.md against the database. One figure a line. See bench/README.md.
 */
public final class Chaos {
    /** Figures that must be 0 in a passing run (the negative control instead needs lost > 0). */
    static final List<String> MUST_BE_ZERO = List.of("lost", "duplicates_stored", "order_violations", "gaps_delivered",
            "cursor_gaps_delivered", "missing_after_final_resume", "cross_tenant_events", "private_notes_to_visitors",
            "phantoms", "retried_ack_mismatches", "ack_mismatches", "conflicts_accepted", "unexpected_refusals",
            "final_resumes_missing");

    private final ChaosOptions options;
    private final PrintStream out = System.out;
    private final long startNanos = System.nanoTime();
    private final Path runDir;
    private final Cleanup cleanup;
    private final String runId;

    private Chaos(ChaosOptions options) {
        this.options = options;
        this.runId = Long.toString(options.seed(), 36) + "-";
        this.runDir = options.out().toAbsolutePath().resolve(options.db() + (options.control() ? "-control" : "") + "-"
                + options.seed());
        this.cleanup = new Cleanup(options.cleanupFile() != null ? options.cleanupFile() : runDir.resolve("cleanup.txt"));
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(ChaosOptions.USAGE);
            return;
        }
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.err.println(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new Chaos(options).run();
        } catch (Exception e) {
            System.err.println("chaos: the run failed: " + e);
            e.printStackTrace(System.err);
            code = 3;
        }
        System.out.flush();
        System.exit(code);
    }

    private int run() throws Exception {
        Files.createDirectories(runDir);
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup::runAll, "chaos-cleanup"));
        Thread watchdog = Thread.ofPlatform().daemon().name("chaos-watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(options.maxMinutes() + 5L));
                System.err.println("chaos: watchdog: the run went past --max-minutes + 5; stopping");
                System.exit(3);
            } catch (InterruptedException done) {
                // the run ended in time
            }
        });
        try {
            return runBounded();
        } finally {
            cleanup.runAll();
            watchdog.interrupt();
        }
    }

    private int runBounded() throws Exception {
        refuseBusyPort(options.port());
        if (options.postgres()) {
            refuseBusyPort(options.postgresPort());
        }
        List<Nemesis.Step> schedule = Nemesis.schedule(options);
        out.println("chaos: seed " + options.seed() + ", database " + options.db() + (options.control() ? " (negative control)" : "")
                + ", " + options.visitors() + " visitors and " + options.agents() + " agents in " + options.workspaces()
                + " workspaces; output in " + runDir);
        schedule.forEach(step -> out.println("chaos: schedule " + step));

        Path dataDir = Files.createTempDirectory("parley-chaos-data");
        cleanup.dir(dataDir);
        URI base = URI.create("http://127.0.0.1:" + options.port());
        Map<String, String> env = new LinkedHashMap<>(Map.of("PARLEY_PORT", Integer.toString(options.port()),
                "PARLEY_BASE_URL", base.toString(), "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_RATE_LIMITS", "off",
                "PARLEY_DEMO", "on", "PARLEY_DEV_OUTBOX", "off"));
        PostgresNode postgres = null;
        String jdbcUrl;
        if (options.postgres()) {
            postgres = new PostgresNode(options.postgresBin(), options.postgresPort(), options.control(),
                    runDir.resolve("postgres.log"), cleanup);
            postgres.init();
            cleanup.onStop(postgres::stop);
            out.println("chaos: PostgreSQL " + postgres.describe());
            jdbcUrl = postgres.jdbcUrl(PostgresNode.DATABASE);
            env.put("PARLEY_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + options.postgresPort() + "/"
                    + PostgresNode.DATABASE + "?user=postgres");
        } else {
            jdbcUrl = Store.sqliteUrl(dataDir);
        }
        Path parleyLog = runDir.resolve("parley.log");
        Files.deleteIfExists(parleyLog);
        // The marker property makes this run's Parley recognisable on its command line (cleanup.txt).
        ParleyNode parley = new ParleyNode(options.jar(), options.parleyJavaOpts() + " -Dparley.chaos.run=" + dataDir, base,
                env, parleyLog, "-Dparley.chaos.run=" + dataDir, cleanup);
        cleanup.onStop(parley::stop);
        parley.startHealthy(Duration.ofSeconds(90), 2);
        Setup.awaitDemoSeeded(parleyLog, 60);

        long minutes = TimeUnit.MINUTES.toNanos(1);
        long clientDeadline = startNanos + options.maxMinutes() * minutes - minutes / 2;
        long nemesisDeadline = startNanos + options.maxMinutes() * minutes - 4 * minutes;
        List<Setup.Tenant> tenants = Setup.workspaces(options.workspaces(), base, jdbcUrl, runId);
        Rest rest = new Rest(base);
        List<AgentClient> agents = Setup.agents(tenants, options, rest, runId, startNanos);
        agents.forEach(a -> a.start(clientDeadline));
        awaitLive(agents, 60);
        List<VisitorClient> visitors = Setup.visitors(tenants, options, rest, runId, startNanos);
        for (AgentClient agent : agents) {
            agent.replyTo(visitors.stream().filter(v -> v.workspace == agent.workspace).map(v -> v.conversationId).toList());
        }
        visitors.forEach(v -> v.start(clientDeadline));
        awaitLive(visitors, 90);
        List<Client> clients = new ArrayList<>(agents);
        clients.addAll(visitors);
        out.println("chaos: load running; nemesis starts in 5 s");
        Thread.sleep(5_000);

        Nemesis nemesis = new Nemesis(schedule, parley, postgres, clients, out);
        String nemesisFailure = null;
        try {
            nemesis.run(nemesisDeadline);
        } catch (Exception e) {
            nemesisFailure = e.toString();
            out.println("chaos: nemesis failed: " + e);
        }
        quiesce(parley, postgres, clients);
        parley.stop();

        Map<Integer, String> workspaceIds = new HashMap<>();
        tenants.forEach(t -> workspaceIds.put(t.index(), t.workspaceId()));
        Checker checker;
        try (Store store = Store.open(jdbcUrl)) {
            checker = new Checker(visitors, agents, workspaceIds, store.messages(), store.conversations(), store.agentWorkspaces());
        }
        Map<String, Long> figures = checker.run();
        List<History> histories = new ArrayList<>();
        clients.forEach(c -> histories.add(c.history));
        History.dumpAll(histories, runDir.resolve("history.jsonl"));
        return report(nemesis, figures, checker, nemesisFailure);
    }

    /** Stops the nemesis' effects, lets every unanswered send be answered, then a final resume of every client. */
    private void quiesce(ParleyNode parley, PostgresNode postgres, List<Client> clients) throws Exception {
        out.println("chaos: quiescence: nemesis stopped");
        // After a failed nemesis step, bring both back so the clients can finish and the checker can read.
        if (postgres != null && !postgres.awaitReady(Duration.ofSeconds(30))) {
            out.println("chaos: PostgreSQL is down at quiescence: starting it again");
            postgres.kill9();
            postgres.start();
            if (!postgres.awaitReady(Duration.ofSeconds(90))) {
                throw new IllegalStateException("the run's PostgreSQL is not ready at quiescence; see postgres.log");
            }
        }
        if (!parley.awaitHealthy(Duration.ofSeconds(60))) {
            out.println("chaos: Parley is not healthy at quiescence: starting it again");
            parley.kill9();
            parley.startHealthy(Duration.ofSeconds(90), 2);
        }
        clients.forEach(Client::stopSending);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int inFlight = Integer.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            inFlight = clients.stream().mapToInt(Client::inFlight).sum();
            if (inFlight == 0) {
                break;
            }
            Thread.sleep(250);
        }
        out.println("chaos: unanswered sends at quiescence: " + inFlight);
        List<CompletableFuture<Void>> rounds = clients.stream().map(Client::finalResume).toList();
        try {
            CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            out.println("chaos: " + rounds.stream().filter(r -> !r.isDone()).count() + " clients did not finish their final resume");
        }
        Thread.sleep(3_000); // stragglers of the live stream
        clients.forEach(Client::stop);
        Thread.sleep(500);
    }

    private int report(Nemesis nemesis, Map<String, Long> figures, Checker checker, String nemesisFailure) throws IOException {
        Map<String, Long> lines = new LinkedHashMap<>();
        lines.put("parley_kills", (long) nemesis.parleyKills);
        lines.put("postgres_kills", (long) nemesis.postgresKills);
        lines.put("socket_drops", (long) nemesis.socketDrops);
        lines.put("drops_before_postgres_kills", (long) nemesis.dropsBeforePostgresKills);
        lines.put("sockets_dropped", (long) nemesis.socketsDropped);
        lines.put("parley_recovery_restarts", (long) nemesis.recoveryRestarts);
        lines.putAll(figures);
        // What the server logged of its own failures (issue 10, defect 3: one failing write fails its batch).
        lines.putAll(ServerLog.figures(runDir.resolve("parley.log")));
        lines.put("seconds", (System.nanoTime() - startNanos) / 1_000_000_000);
        StringBuilder text = new StringBuilder();
        text.append("seed=").append(options.seed()).append('\n');
        text.append("database=").append(options.db()).append(options.control() ? " (negative control)" : "").append('\n');
        lines.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        checker.examples.forEach((figure, list) -> list.forEach(example ->
                text.append("example ").append(figure).append(": ").append(example).append('\n')));
        boolean killsDone = nemesis.parleyKills == options.parleyKills() && nemesis.postgresKills == options.postgresKills()
                && nemesis.socketDrops == options.socketDrops();
        boolean pass;
        if (options.control()) {
            pass = figures.get("lost") > 0;
            text.append("result=").append(pass ? "PASS (the checker saw loss)" : "FAIL (no loss seen)").append('\n');
        } else {
            List<String> failed = MUST_BE_ZERO.stream().filter(name -> figures.getOrDefault(name, 0L) != 0).toList();
            pass = failed.isEmpty() && killsDone && nemesisFailure == null;
            text.append("result=").append(pass ? "PASS" : "FAIL" + (failed.isEmpty() ? "" : " " + failed)
                    + (killsDone ? "" : " (schedule not completed)") + (nemesisFailure == null ? "" : " (" + nemesisFailure + ")"))
                    .append('\n');
        }
        out.print(text);
        Files.writeString(runDir.resolve("figures.txt"), text);
        return pass ? 0 : 1;
    }

    private static void awaitLive(List<? extends Client> clients, long seconds) throws Exception {
        CompletableFuture.allOf(clients.stream().map(c -> c.firstLive).toArray(CompletableFuture[]::new))
                .get(seconds, TimeUnit.SECONDS);
    }

    /** Only loopback, and never a port something else already listens on (another engineer's server). */
    private static void refuseBusyPort(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException free) {
            return;
        }
        throw new IOException("127.0.0.1:" + port + " is already in use; choose another port");
    }
}
