package org.parley.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.parley.Wiring;
import org.parley.config.Config;

/**
 * A node configured the way an operator configures one: from environment settings, read by Config.fromEnv
 * (PARLEY_DEMO, PARLEY_SIGNUP, PARLEY_BASE_URL...), on SQLite or a fresh PostgreSQL schema, on a free
 * loopback port with its own data folder. Unless the settings say otherwise: no demo, base URL on loopback.
 */
public final class EnvNode implements AutoCloseable {
    private final Wiring wiring;
    private final String address;

    private EnvNode(Wiring wiring, String address) {
        this.wiring = wiring;
        this.address = address;
    }

    public static EnvNode start(String database, Map<String, String> settings) {
        return start(database, settings, Clock.systemUTC());
    }

    public static EnvNode start(String database, Map<String, String> settings, Clock clock) {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String address = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_DEMO", "off");
        env.put("PARLEY_BASE_URL", address);
        env.putAll(settings);
        env.put("PARLEY_PORT", String.valueOf(port));
        String schema = null;
        try {
            env.put("PARLEY_DATA_DIR", Files.createTempDirectory("parley-env-node").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (database.equals("postgresql")) {
            env.put("PARLEY_DATABASE_URL", System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_URL", TestServer.DEFAULT_POSTGRES));
            schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        } else if (!database.equals("sqlite")) {
            throw new IllegalArgumentException(database);
        }
        return new EnvNode(new Wiring(Config.fromEnv(env), clock, schema).start(), address);
    }

    public Wiring wiring() {
        return wiring;
    }

    /** Where the node listens (loopback), whatever PARLEY_BASE_URL says. */
    public String address() {
        return address;
    }

    /** Requests as Parley's own pages send them: the Origin is the configured base URL. */
    public Http site() {
        return new Http(address).with("Origin", wiring.config.baseUrl());
    }

    public Http http() {
        return new Http(address);
    }

    @Override
    public void close() {
        wiring.close();
    }
}
