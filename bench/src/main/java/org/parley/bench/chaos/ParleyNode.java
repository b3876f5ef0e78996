package org.parley.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Parley server of the run: target/parley.jar on loopback, started, killed -9 and started again on the same data. */
final class ParleyNode {
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final URI base;
    private final String marker;
    private final Cleanup cleanup;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    ParleyNode(Path jar, String javaOpts, URI base, Map<String, String> env, Path log, String marker, Cleanup cleanup) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.command = new ArrayList<>();
        command.add(java);
        command.addAll(List.of(javaOpts.trim().split("\\s+")));
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar.toAbsolutePath().toString()));
        this.env = env;
        this.log = log;
        this.base = base;
        this.marker = marker;
        this.cleanup = cleanup;
    }

    URI base() {
        return base;
    }

    int starts() {
        return starts;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Parley is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        starts++;
        cleanup.process(process.pid(), marker);
    }

    /** Waits for GET /health to answer ok; false if the process died or the time ran out. */
    boolean awaitHealthy(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null || !p.isAlive()) {
                return false;
            }
            if (healthy()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    boolean healthy() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"ok\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** kill -9 (SIGKILL), and waits until the process is gone. */
    synchronized void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Parley (pid " + process.pid() + ") survived kill -9 for 30 s");
        }
        cleanup.processEnded(process.pid());
        process = null;
    }

    /** A graceful stop (SIGTERM, Parley's shutdown hook), then kill -9 after 20 s. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        cleanup.processEnded(process.pid());
        process = null;
    }

    /** Starts Parley, up to {@code attempts} times, each given {@code limit} to become healthy. */
    void startHealthy(Duration limit, int attempts) throws IOException, InterruptedException {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            start();
            if (awaitHealthy(limit)) {
                return;
            }
            System.err.println("chaos: Parley not healthy within " + limit.toSeconds() + " s (attempt " + attempt
                    + "); killing it and starting again; see " + log);
            kill9();
        }
        throw new IOException("Parley did not become healthy after " + attempts + " starts; see " + log);
    }
}
