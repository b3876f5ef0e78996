package org.parley.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the run started and made, so it can all be undone: in-process at the end (and from a shutdown hook),
 * and by chaos.sh from {@code cleanup.txt} if this JVM itself dies. A process is listed with a marker (a
 * path of this run) that must appear in its command line before anything kills it, so a reused pid is never
 * touched.
 */
final class Cleanup {
    private final Path file;
    private final Map<Long, String> processes = new LinkedHashMap<>();
    private final Set<String> postgresClusters = new LinkedHashSet<>();
    private final Set<Path> dirs = new LinkedHashSet<>();
    private final List<Runnable> stoppers = new ArrayList<>();

    Cleanup(Path file) {
        this.file = file;
    }

    synchronized void process(long pid, String marker) {
        processes.put(pid, marker);
        save();
    }

    synchronized void processEnded(long pid) {
        processes.remove(pid);
        save();
    }

    /** A PostgreSQL of this run: its processes are the ones titled "postgres: NAME:" or naming its data dir. */
    synchronized void postgres(String clusterName, Path dataDir) {
        postgresClusters.add(clusterName + " " + dataDir);
        save();
    }

    synchronized void dir(Path dir) {
        dirs.add(dir);
        save();
    }

    /** A graceful stop to try before the kills (Parley's and PostgreSQL's own shutdown). */
    synchronized void onStop(Runnable stopper) {
        stoppers.add(stopper);
    }

    /** Stops everything of this run that still runs and deletes its temporary directories. Idempotent. */
    void runAll() {
        List<Runnable> toStop;
        synchronized (this) {
            toStop = List.copyOf(stoppers);
            stoppers.clear();
        }
        for (Runnable stopper : toStop) {
            try {
                stopper.run();
            } catch (RuntimeException e) {
                System.err.println("chaos: cleanup step failed: " + e);
            }
        }
        synchronized (this) {
            processes.forEach((pid, marker) -> {
                if (Procs.commandLine(pid).contains(marker)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            });
            processes.clear();
            for (String cluster : postgresClusters) {
                String[] parts = cluster.split(" ", 2);
                Procs.killPostgres(parts[0], parts[1]);
            }
            postgresClusters.clear();
            for (Path dir : dirs) {
                deleteTree(dir);
            }
            dirs.clear();
            save();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    System.err.println("chaos: cannot delete " + path + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            System.err.println("chaos: cannot delete " + dir + ": " + e.getMessage());
        }
    }

    /** Lines "pid PID MARKER", "postgres NAME DATADIR" and "dir PATH", read by chaos.sh's trap. */
    private void save() {
        StringBuilder text = new StringBuilder();
        processes.forEach((pid, marker) -> text.append("pid ").append(pid).append(' ').append(marker).append('\n'));
        postgresClusters.forEach(cluster -> text.append("postgres ").append(cluster).append('\n'));
        dirs.forEach(dir -> text.append("dir ").append(dir).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            System.err.println("chaos: cannot write " + file + ": " + e.getMessage());
        }
    }
}
