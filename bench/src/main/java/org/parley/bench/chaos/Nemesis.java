package org.parley.bench.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, as a schedule made from the seed alone (printed before it starts, so a run can be
 * repeated): kill -9 of Parley and a start on the same data, kill -9 of the run's PostgreSQL and a start on the
 * same data, and abrupt closes of a share of the clients' sockets. Steps run one after another, each after a
 * pause; the next pause starts once the killed process is back.
 */
final class Nemesis {

    enum Action { KILL_PARLEY, KILL_POSTGRES, DROP_SOCKETS }

    /**
     * One step: the pause before it, how long the killed process stays down, which sockets are cut. A kill of
     * PostgreSQL with {@code leadMs > 0} first cuts sockets and kills {@code leadMs} later, while the clients
     * are between their {@code ready} and the replay of their resume.
     */
    record Step(int index, Action action, long pauseMs, long downMs, double dropShare, long dropSeed, long leadMs) {
        @Override
        public String toString() {
            String drop = String.format("drop %.0f%% of the sockets (choice seed %d)", dropShare * 100, dropSeed);
            return "step " + index + " after " + pauseMs + " ms: " + switch (action) {
                case KILL_PARLEY -> "kill -9 Parley, start again after " + downMs + " ms";
                case KILL_POSTGRES -> (leadMs > 0 ? drop + ", " + leadMs + " ms later " : "") + "kill -9 PostgreSQL, start again after "
                        + downMs + " ms";
                case DROP_SOCKETS -> drop;
            };
        }
    }

    private final List<Step> steps;
    private final ParleyNode parley;
    private final PostgresNode postgres;
    private final List<Client> clients;
    private final PrintStream out;
    private volatile boolean stopped;
    int parleyKills;
    int postgresKills;
    int socketDrops;
    int socketsDropped;
    int dropsBeforePostgresKills;
    int recoveryRestarts;

    Nemesis(List<Step> steps, ParleyNode parley, PostgresNode postgres, List<Client> clients, PrintStream out) {
        this.steps = steps;
        this.parley = parley;
        this.postgres = postgres;
        this.clients = clients;
        this.out = out;
    }

    static List<Step> schedule(ChaosOptions options) {
        Random random = new Random(options.seed());
        List<Action> actions = new ArrayList<>();
        actions.addAll(Collections.nCopies(options.parleyKills(), Action.KILL_PARLEY));
        actions.addAll(Collections.nCopies(options.postgresKills(), Action.KILL_POSTGRES));
        actions.addAll(Collections.nCopies(options.socketDrops(), Action.DROP_SOCKETS));
        Collections.shuffle(actions, random);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            long pause = options.gapMinMs() + (long) (random.nextDouble() * (options.gapMaxMs() - options.gapMinMs()));
            long down = switch (actions.get(i)) {
                case KILL_PARLEY -> random.nextInt(1500);
                case KILL_POSTGRES -> 200 + random.nextInt(2800);
                case DROP_SOCKETS -> 0;
            };
            double share = 0.2 + random.nextDouble() * 0.5;
            long dropSeed = random.nextLong();
            long lead = actions.get(i) == Action.KILL_POSTGRES && random.nextBoolean() ? 100 + random.nextInt(1400) : 0;
            steps.add(new Step(i + 1, actions.get(i), pause, down, share, dropSeed, lead));
        }
        return steps;
    }

    /** Runs the steps until all are done, {@link #stop()} or the deadline; a failed restart ends the run. */
    void run(long deadlineNanos) throws Exception {
        for (Step step : steps) {
            long pauseEnd = System.nanoTime() + step.pauseMs() * 1_000_000;
            while (!stopped && System.nanoTime() < pauseEnd) {
                Thread.sleep(50);
            }
            if (stopped || System.nanoTime() > deadlineNanos) {
                out.println("chaos: nemesis stopped before " + step + " (time limit)");
                return;
            }
            out.println("chaos: " + step);
            switch (step.action()) {
                case KILL_PARLEY -> {
                    parley.kill9();
                    parleyKills++;
                    Thread.sleep(step.downMs());
                    parley.startHealthy(Duration.ofSeconds(90), 3);
                }
                case KILL_POSTGRES -> {
                    if (step.leadMs() > 0) {
                        drop(step);
                        dropsBeforePostgresKills++;
                        Thread.sleep(step.leadMs());
                    }
                    postgres.kill9();
                    postgresKills++;
                    Thread.sleep(step.downMs());
                    postgres.start();
                    if (!postgres.awaitReady(Duration.ofSeconds(90))) {
                        throw new IllegalStateException("the run's PostgreSQL did not come back within 90 s; see postgres.log");
                    }
                    awaitParleyRecovers();
                }
                case DROP_SOCKETS -> {
                    drop(step);
                    socketDrops++;
                }
            }
        }
    }

    private void drop(Step step) {
        Random choice = new Random(step.dropSeed());
        for (Client client : clients) {
            if (choice.nextDouble() < step.dropShare()) {
                client.dropSocket();
                socketsDropped++;
            }
        }
    }

    /**
     * After PostgreSQL is back, Parley must be healthy again by itself. If it is not within 60 s that is a
     * finding (counted as a recovery restart), and Parley is restarted so the run can go on.
     */
    private void awaitParleyRecovers() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (parley.healthy()) {
                return;
            }
            Thread.sleep(200);
        }
        recoveryRestarts++;
        out.println("chaos: Parley not healthy 60 s after PostgreSQL came back: restarting it (a finding)");
        parley.kill9();
        parley.startHealthy(Duration.ofSeconds(90), 3);
    }

    void stop() {
        stopped = true;
    }
}
