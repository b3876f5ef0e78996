package org.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Benchmarks a running Parley server over loopback and prints one line per figure:
 * {@code idle}, {@code throughput} and {@code latency}; {@code inbox} and {@code flows} on their own. See
 * bench/README.md.
 */
public final class Bench {

    static final String USAGE = """
            usage: Bench [--url http://127.0.0.1:8080] [--mode idle|throughput|latency|inbox|flows|files|all] [--pid N]
                         [--connections 20000] [--idle-visitors 20] [--open-parallel 200]
                         [--sockets 200] [--window 8] [--throughput-seconds 60]
                         [--rate 2000] [--latency-seconds 30] [--warmup-seconds 5]
                         [--flow-visitors 500] [--flow-start-rate 20] [--flow-seconds 300]
                         [--files-parallel 4] [--files-seconds 15]
                         [--workspace-key wk_demo_donnicharm]
                         [--agent-email agent@donnicharm.example] [--agent-password parley-demo]""";

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    /** Every option of the tool, with its default. */
    record Options(URI url, String mode, long pid, int connections, int idleVisitors, int openParallel,
                   int sockets, int window, int throughputSeconds, int rate, int latencySeconds, int warmupSeconds,
                   String workspaceKey, String agentEmail, String agentPassword,
                   int flowVisitors, int flowStartRate, int flowSeconds, int filesParallel, int filesSeconds) {

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got: " + name);
                }
                given.put(name.substring(2), args[++i]);
            }
            Map<String, String> left = new HashMap<>(given);
            Options options = new Options(
                    URI.create(take(left, "url", "http://127.0.0.1:8080").replaceAll("/+$", "")),
                    take(left, "mode", "all"),
                    Long.parseLong(take(left, "pid", "0")),
                    intIn(take(left, "connections", "20000"), 1, 25_000, "connections"),
                    intIn(take(left, "idle-visitors", "20"), 1, 1_000, "idle-visitors"),
                    intIn(take(left, "open-parallel", "200"), 1, 2_000, "open-parallel"),
                    intIn(take(left, "sockets", "200"), 1, 2_000, "sockets"),
                    intIn(take(left, "window", "8"), 1, 256, "window"),
                    intIn(take(left, "throughput-seconds", "60"), 1, 3_600, "throughput-seconds"),
                    intIn(take(left, "rate", "2000"), 1, 100_000, "rate"),
                    intIn(take(left, "latency-seconds", "30"), 1, 3_600, "latency-seconds"),
                    intIn(take(left, "warmup-seconds", "5"), 0, 600, "warmup-seconds"),
                    take(left, "workspace-key", "wk_demo_donnicharm"),
                    take(left, "agent-email", "agent@donnicharm.example"),
                    take(left, "agent-password", "parley-demo"),
                    intIn(take(left, "flow-visitors", "500"), 1, 5_000, "flow-visitors"),
                    intIn(take(left, "flow-start-rate", "20"), 1, 500, "flow-start-rate"),
                    intIn(take(left, "flow-seconds", "300"), 10, 3_600, "flow-seconds"),
                    intIn(take(left, "files-parallel", "4"), 1, 64, "files-parallel"),
                    intIn(take(left, "files-seconds", "15"), 1, 600, "files-seconds"));
            if (!left.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): " + left.keySet());
            }
            if (!Set.of("idle", "throughput", "latency", "inbox", "flows", "files", "all").contains(options.mode)) {
                throw new IllegalArgumentException("unknown mode: " + options.mode);
            }
            String scheme = options.url.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("url must be http:// or https://: " + options.url);
            }
            // The tool floods whatever it points at: only ever the machine it runs on.
            if (options.url.getHost() == null || !LOOPBACK.contains(options.url.getHost().toLowerCase())) {
                throw new IllegalArgumentException("refusing a non-loopback host: " + options.url.getHost()
                        + " (allowed: 127.0.0.1, localhost, [::1])");
            }
            return options;
        }

        private static String take(Map<String, String> left, String name, String fallback) {
            String value = left.remove(name);
            return value == null ? fallback : value;
        }

        private static int intIn(String text, int min, int max, String name) {
            int value = Integer.parseInt(text.replace("_", "").replace(",", ""));
            if (value < min || value > max) {
                throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "]: " + value);
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        ParleyClient parley = new ParleyClient(options.url(), options.workspaceKey());
        int failures = 0;
        String mode = options.mode();
        if (!mode.equals("flows")) {
            try {
                int off = parley.disableFlows(parley.agentCookie(options.agentEmail(), options.agentPassword()));
                System.err.println("bench: " + off + " flow(s) of the workspace turned off, to measure the message path alone");
            } catch (IOException | RuntimeException e) {
                System.err.println("bench: could not turn the workspace's flows off: " + e.getMessage());
            }
        }
        if (mode.equals("idle") || mode.equals("all")) {
            failures += run("idle", () -> new IdleRun(parley, options).run());
        }
        if (mode.equals("throughput") || mode.equals("all")) {
            failures += run("throughput", () -> new ThroughputRun(parley, options).run());
        }
        if (mode.equals("latency") || mode.equals("all")) {
            failures += run("latency", () -> new LatencyRun(parley, options).run());
        }
        if (mode.equals("inbox")) {
            failures += run("inbox", () -> new InboxRun(parley, options).run());
        }
        if (mode.equals("flows")) {
            failures += run("flows", () -> new FlowsRun(parley, options).run());
        }
        if (mode.equals("files")) {
            failures += run("files", () -> new FilesRun(parley, options).run());
        }
        // HttpClient threads are daemons, but sockets of a failed run might linger: leave now.
        System.exit(failures == 0 ? 0 : 1);
    }

    interface Figure {
        String run() throws Exception;
    }

    /** Runs one figure and prints its line; a failure prints a line too, and the next figure still runs. */
    private static int run(String name, Figure figure) {
        try {
            System.out.println(figure.run());
            return 0;
        } catch (Exception e) {
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.out.println(name + " failed: " + cause);
            e.printStackTrace(System.err);
            return 1;
        } finally {
            System.out.flush();
        }
    }
}
