package org.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens N visitor sockets (a few visitors, many "tabs" each) that authenticate and stay idle, then
 * reads the server's resident memory: RSS per held connection = (RSS after - RSS before) / held.
 */
final class IdleRun {

    /** File descriptors each process keeps for itself (jars, selectors, database, logs). */
    private static final int FD_RESERVE = 300;
    private static final long SETTLE_MILLIS = 3_000;

    private final ParleyClient parley;
    private final Bench.Options options;
    private final List<FrameSocket> held = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    IdleRun(ParleyClient parley, Bench.Options options) {
        this.parley = parley;
        this.options = options;
    }

    String run() throws Exception {
        int count = affordableConnections(options.connections());
        String[] tokens = new String[Math.min(options.idleVisitors(), count)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = parley.newVisitorToken();
        }
        OptionalLong rssBefore = rssKb(options.pid());
        long start = System.nanoTime();
        try {
            open(count, tokens);
            double openSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(SETTLE_MILLIS);
            OptionalLong rssAfter = rssKb(options.pid());
            long alive = held.stream().filter(FrameSocket::isOpen).count();
            String memory = rssBefore.isPresent() && rssAfter.isPresent() && alive > 0
                    ? String.format(" rss_before_mb=%.1f rss_after_mb=%.1f rss_per_conn_kb=%.1f",
                            rssBefore.getAsLong() / 1024.0, rssAfter.getAsLong() / 1024.0,
                            (rssAfter.getAsLong() - rssBefore.getAsLong()) / (double) alive)
                    : " rss=unknown(pass --pid of the server)";
            return String.format("idle requested=%d held=%d failed=%d open_seconds=%.1f%s%s",
                    options.connections(), alive, failed.get(), openSeconds, memory,
                    firstFailure.get() == null ? "" : " first_failure=" + firstFailure.get());
        } finally {
            List<FrameSocket> all;
            synchronized (held) {
                all = new ArrayList<>(held);
            }
            FrameSocket.closeAll(all, 30);
        }
    }

    /** Opens {@code count} sockets, at most open-parallel at a time; gives up after many failures. */
    private void open(int count, String[] tokens) throws InterruptedException {
        int parallel = options.openParallel();
        int giveUpAfter = Math.max(100, count / 10);
        Semaphore permits = new Semaphore(parallel);
        for (int i = 0; i < count && failed.get() < giveUpAfter; i++) {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("socket opening stalled for 60 s at " + i + " of " + count);
            }
            parley.openVisitor(tokens[i % tokens.length], (socket, frame) -> { })
                    .whenComplete((socket, failure) -> {
                        if (failure == null) {
                            held.add(socket);
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, String.valueOf(failure).replace(' ', '_'));
                        }
                        permits.release();
                    });
        }
        // Every opening times out by itself within 30 s; wait for the last ones.
        if (!permits.tryAcquire(parallel, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the last socket openings did not finish within 60 s");
        }
    }

    /** Lowers the count to what both processes' open-file limits allow, and says so. */
    private int affordableConnections(int requested) {
        long limit = openFileLimit("self");
        if (options.pid() > 0) {
            limit = Math.min(limit, openFileLimit(Long.toString(options.pid())));
        }
        if (requested + FD_RESERVE <= limit) {
            return requested;
        }
        int affordable = (int) Math.max(1, limit - FD_RESERVE);
        System.err.printf("bench: open-file limit is %d (bench or server); opening %d connections instead of %d."
                + " Raise `ulimit -n` for both processes to open more.%n", limit, affordable, requested);
        return affordable;
    }

    /** The soft "Max open files" of /proc/<pid>/limits, or unlimited when unreadable. */
    private static long openFileLimit(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or the process is gone: no limit known
        }
        return Long.MAX_VALUE;
    }

    /** VmRSS of /proc/<pid>/status in KB, if the pid was given and is readable. */
    static OptionalLong rssKb(long pid) throws IOException {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return OptionalLong.empty();
    }
}
