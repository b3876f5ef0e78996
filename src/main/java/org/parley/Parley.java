package org.parley;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.parley.admin.AdminCli;
import org.parley.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, wires the node, seeds the demo workspace, starts serving. */
public final class Parley {
    private static final Logger log = LoggerFactory.getLogger(Parley.class);
    /** How long past PARLEY_SHUTDOWN_TIMEOUT a stuck stop may run before the process halts. */
    static final Duration HALT_GRACE = Duration.ofSeconds(5);

    private Parley() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("admin")) {
            AdminCli.logToStandardError();
            System.exit(admin(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.in, System.out,
                    System.err));
        }
        Config config = Config.fromEnv(System.getenv());
        Files.createDirectories(config.dataDir());
        Wiring wiring = boot(config, Clock.systemUTC(), null);
        // SIGTERM (and Ctrl-C): the graceful stop (Wiring.close, docs/operations.md), within PARLEY_SHUTDOWN_TIMEOUT.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(wiring), "shutdown"));
        String base = config.baseUrl();
        log.info("Parley is running on {} (database: {})", base, wiring.database.dialect().name().toLowerCase());
        if (config.seedDemo()) {
            log.info("Demo workspace '{}': widget key {}", DemoWorkspace.NAME, DemoWorkspace.WIDGET_KEY);
            log.info("Demo agent login: {} / {}", DemoWorkspace.AGENT_EMAIL, DemoWorkspace.AGENT_PASSWORD);
        }
        log.info("Health: {}/health  API description: {}/api/openapi.json", base, base);
    }

    /** {@code parley admin <command>} (admin.AdminCli): on a node wired as the server's, never started. */
    public static int admin(String[] args, java.util.Map<String, String> env, java.io.InputStream in,
                            java.io.PrintStream out, java.io.PrintStream err) {
        return new AdminCli(env, in, out, err, config -> {
            Wiring wiring = new Wiring(config, Clock.systemUTC(), null);
            return new AdminCli.Services(wiring.database, wiring.workspaces, wiring.agents, wiring.resets, wiring.pruner,
                    wiring.rollups, wiring::close);
        }).run(args);
    }

    /**
     * What SIGTERM runs: the graceful stop, whose steps keep within PARLEY_SHUTDOWN_TIMEOUT; should one hang
     * anyway, the process still ends {@link #HALT_GRACE} after it (an orchestrator's SIGKILL would come anyway).
     */
    static void stop(Wiring wiring) {
        Duration bound = wiring.config.shutdownTimeout();
        Thread watchdog = Thread.ofPlatform().daemon().name("shutdown-watchdog").start(() -> {
            try {
                Thread.sleep(bound.plus(HALT_GRACE).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.error("the graceful stop took longer than {} + {}; halting", bound, HALT_GRACE);
            Runtime.getRuntime().halt(1);
        });
        log.info("stopping (at most {})", bound);
        try {
            wiring.close();
        } finally {
            watchdog.interrupt();
        }
    }

    /**
     * Wires the node, seeds the demo workspace (one transaction) and only then starts serving: /health
     * never answers before the demo is there.
     */
    static Wiring boot(Config config, Clock clock, String databaseSchema) {
        Wiring wiring = new Wiring(config, clock, databaseSchema);
        try {
            if (config.seedDemo()) {
                DemoWorkspace.seed(wiring);
            }
            return wiring.start();
        } catch (RuntimeException e) {
            wiring.close();
            throw e;
        }
    }
}
