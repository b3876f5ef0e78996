package org.parley;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import org.parley.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, wires the node, seeds the demo workspace, starts serving. */
public final class Parley {
    private static final Logger log = LoggerFactory.getLogger(Parley.class);

    private Parley() {
    }

    public static void main(String[] args) throws IOException {
        Config config = Config.fromEnv(System.getenv());
        Files.createDirectories(config.dataDir());
        Wiring wiring = boot(config, Clock.systemUTC(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(wiring::close, "shutdown"));
        String base = config.baseUrl();
        log.info("Parley is running on {} (database: {})", base, wiring.database.dialect().name().toLowerCase());
        if (config.seedDemo()) {
            log.info("Demo workspace '{}': widget key {}", DemoWorkspace.NAME, DemoWorkspace.WIDGET_KEY);
            log.info("Demo agent login: {} / {}", DemoWorkspace.AGENT_EMAIL, DemoWorkspace.AGENT_PASSWORD);
        }
        log.info("Health: {}/health  API description: {}/api/openapi.json", base, base);
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
