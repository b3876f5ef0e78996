package org.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3-compatible server (s3proxy over a directory) on a free loopback port, for the S3 file store's tests.
 * It runs in a process of its own: its Jetty and jclouds would clash with ours on the test classpath. Maven copies
 * its jar to {@code target/s3proxy/s3proxy.jar} (pom.xml, maven-dependency-plugin) before the tests run.
 */
public final class S3Proxy implements AutoCloseable {
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private static final long START_TIMEOUT_MS = 60_000;
    private static final String IDENTITY = "parley-test";
    private static final String CREDENTIAL = "parley-test-secret";

    private final Path dir;
    private final int port;
    private volatile Process process;
    /** Kills the server if the test JVM exits without closing it, so no orphan keeps the port and the CPU. */
    private final Thread reaper = new Thread(() -> process.destroyForcibly(), "s3proxy-reaper");

    public S3Proxy() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the test through Maven "
                    + "(./parley test ...), whose dependency plugin copies s3proxy there");
        }
        try {
            dir = Files.createTempDirectory("parley-s3proxy");
            Files.createDirectories(dir.resolve("data"));
            port = freePort();
            Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data"),
                    "jclouds.identity=" + IDENTITY,
                    "jclouds.credential=" + CREDENTIAL,
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String identity() {
        return IDENTITY;
    }

    public String credential() {
        return CREDENTIAL;
    }

    /** Kills the server at once, as a crash or a pulled cable would: open connections are cut, new ones refused. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("s3proxy did not die within 10 s of a kill");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port over the same directory: what was stored is still there. */
    public void restart() {
        if (process.isAlive()) {
            kill();
        }
        start();
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(reaper);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing a test for.
        }
    }

    private void start() {
        // The JVM running the tests is a JDK 21+ (the build checks); s3proxy 3 needs 17+.
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path log = dir.resolve("s3proxy.log");
        try {
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", JAR.toAbsolutePath().toString(), "--properties", dir.resolve("s3proxy.properties").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitAnswer(log);
    }

    /** Waits until the server answers HTTP at all (any status: an anonymous request gets 403). */
    private void awaitAnswer(Path log) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
                connection.setConnectTimeout(1_000);
                connection.setReadTimeout(1_000);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        boolean alive = process.isAlive();
        process.destroyForcibly();
        String output;
        try {
            output = Files.readString(log);
            output = output.substring(Math.max(0, output.length() - 8_000));
        } catch (IOException e) {
            output = "(no output: " + e + ")";
        }
        throw new IllegalStateException("s3proxy did not answer on " + endpoint() + " within " + START_TIMEOUT_MS
                + " ms (" + (alive ? "still running" : "exited") + "); the end of its output:\n" + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
