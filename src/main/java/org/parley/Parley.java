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
        Wiring wiring = new Wiring(config, Clock.systemUTC(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(wiring::close, "shutdown"));
        wiring.start();
        String base = config.baseUrl();
        log.info("Parley is running on {} (database: {})", base, wiring.database.dialect().name().toLowerCase());
        if (config.seedDemo()) {
            DemoWorkspace.Seeded demo = DemoWorkspace.seed(wiring);
            log.info("Demo workspace '{}': widget key {}", DemoWorkspace.NAME, demo.widgetKey());
            log.info("Demo agent login: {} / {}", DemoWorkspace.AGENT_EMAIL, DemoWorkspace.AGENT_PASSWORD);
        }
        log.info("Health: {}/health  API description: {}/api/openapi.json", base, base);
    }
}
