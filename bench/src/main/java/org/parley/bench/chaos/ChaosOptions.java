package org.parley.bench.chaos;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Every option of the chaos-delivery harness, with its default (see bench/README.md). */
record ChaosOptions(String db, boolean control, long seed, int visitors, int agents, int workspaces,
                    int parleyKills, int postgresKills, int socketDrops, int gapMinMs, int gapMaxMs,
                    int port, int postgresPort, Path jar, Path out, Path cleanupFile, Path postgresBin, String parleyJavaOpts,
                    int maxMinutes, double restFraction, double resendFraction, double conflictFraction,
                    double privateFraction, double slowResumeFraction, int slowResumeMaxMs,
                    int visitorIntervalMs, int agentIntervalMs, int window) {

    static final String USAGE = """
            usage: Chaos --db sqlite|postgresql [--control] [--short] [--seed N]
                         [--visitors 60] [--agents 4] [--workspaces 2]
                         [--parley-kills 30] [--postgres-kills 20] [--socket-drops 20]
                         [--gap-min-ms 3000] [--gap-max-ms 8000] [--port 18090] [--postgres-port 55433]
                         [--jar target/parley.jar] [--out bench/target/chaos] [--cleanup-file FILE] [--postgres-bin DIR]
                         [--max-minutes 25] [--rest-fraction 0.2] [--resend-fraction 0.05]
                         [--conflict-fraction 0.03] [--private-fraction 0.05]
                         [--slow-resume-fraction 0.2] [--slow-resume-max-ms 2500]
                         [--visitor-interval-ms 2500] [--agent-interval-ms 1000] [--window 3]
              --control  negative control: PostgreSQL with synchronous_commit=off, killed -9 under load;
                         the checker must report lost acked messages (implies --db postgresql)
              --short    a development run: 20 visitors, 4 kills of Parley, 3 of PostgreSQL, 3 socket drops""";

    static ChaosOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        boolean control = false;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--control")) {
                control = true;
            } else if (name.equals("--short")) {
                quick = true;
            } else if (name.startsWith("--") && i + 1 < args.length) {
                given.put(name.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("expected --name value, got: " + name);
            }
        }
        Map<String, String> left = new HashMap<>(given);
        String db = take(left, "db", control ? "postgresql" : "sqlite");
        if (!Set.of("sqlite", "postgresql").contains(db)) {
            throw new IllegalArgumentException("--db must be sqlite or postgresql: " + db);
        }
        if (control && !db.equals("postgresql")) {
            throw new IllegalArgumentException("--control runs on PostgreSQL only");
        }
        boolean pg = db.equals("postgresql");
        // The control shows loss: PostgreSQL kills only (Parley kills would only blur what it measures).
        String parleyKills = control ? "0" : quick ? "4" : "30";
        String pgKills = !pg ? "0" : control ? "12" : quick ? "3" : "20";
        String drops = control ? "0" : quick ? "3" : "20";
        ChaosOptions options = new ChaosOptions(db, control,
                Long.parseLong(take(left, "seed", Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 40)))),
                intIn(left, "visitors", quick ? "20" : "60", 2, 500),
                intIn(left, "agents", "4", 1, 50),
                intIn(left, "workspaces", "2", 1, 10),
                intIn(left, "parley-kills", parleyKills, 0, 500),
                intIn(left, "postgres-kills", pgKills, 0, 500),
                intIn(left, "socket-drops", drops, 0, 500),
                intIn(left, "gap-min-ms", "3000", 200, 120_000),
                intIn(left, "gap-max-ms", "8000", 200, 120_000),
                intIn(left, "port", "18090", 1024, 65_535),
                intIn(left, "postgres-port", "55433", 1024, 65_535),
                Path.of(take(left, "jar", "target/parley.jar")),
                Path.of(take(left, "out", "bench/target/chaos")),
                left.containsKey("cleanup-file") ? Path.of(left.remove("cleanup-file")) : null,
                left.containsKey("postgres-bin") ? Path.of(left.remove("postgres-bin")) : null,
                take(left, "parley-java-opts", "-XX:+UseSerialGC -Xmx1g"),
                intIn(left, "max-minutes", quick ? "6" : "25", 1, 120),
                fraction(left, "rest-fraction", "0.2"),
                fraction(left, "resend-fraction", "0.05"),
                fraction(left, "conflict-fraction", "0.03"),
                fraction(left, "private-fraction", "0.05"),
                fraction(left, "slow-resume-fraction", "0.2"),
                intIn(left, "slow-resume-max-ms", "2500", 0, 10_000),
                intIn(left, "visitor-interval-ms", "2500", 50, 60_000),
                intIn(left, "agent-interval-ms", "1000", 50, 60_000),
                intIn(left, "window", "3", 1, 50));
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + left.keySet());
        }
        if (options.gapMinMs > options.gapMaxMs) {
            throw new IllegalArgumentException("--gap-min-ms must not exceed --gap-max-ms");
        }
        if (options.agents < options.workspaces || options.visitors < options.workspaces) {
            throw new IllegalArgumentException("every workspace needs at least one agent and one visitor");
        }
        if (!pg && options.postgresKills > 0) {
            throw new IllegalArgumentException("--postgres-kills needs --db postgresql");
        }
        return options;
    }

    boolean postgres() {
        return db.equals("postgresql");
    }

    private static String take(Map<String, String> left, String name, String fallback) {
        String value = left.remove(name);
        return value == null ? fallback : value;
    }

    private static int intIn(Map<String, String> left, String name, String fallback, int min, int max) {
        int value = Integer.parseInt(take(left, name, fallback).replace("_", ""));
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    private static double fraction(Map<String, String> left, String name, String fallback) {
        double value = Double.parseDouble(take(left, name, fallback));
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException("--" + name + " must be in [0, 1]: " + value);
        }
        return value;
    }
}
