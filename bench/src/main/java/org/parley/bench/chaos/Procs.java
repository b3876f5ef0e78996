package org.parley.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Processes by what /proc says of them: only ever this run's, found by a marker in their command line. */
final class Procs {
    private Procs() {
    }

    /** The command line of a process, arguments joined by spaces; empty when it is gone. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * The processes of one PostgreSQL of this run: the postmaster names its data directory on its command
     * line, its children carry the cluster name in their titles ("postgres: NAME: checkpointer"). The
     * machine's own server has neither.
     */
    static List<Long> postgresProcesses(String clusterName, String dataDir) {
        List<Long> found = new ArrayList<>();
        String title = "postgres: " + clusterName + ":";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String line = commandLine(pid);
                boolean postmaster = line.contains("postgres") && line.contains(" -D " + dataDir + " ");
                if (line.startsWith(title) || postmaster) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            System.err.println("chaos: cannot list /proc: " + e.getMessage());
        }
        return found;
    }

    /**
     * kill -9 of every process of that PostgreSQL, as a crash would end them; again until none is left
     * (a backend forked meanwhile), at most 5 s. Returns how many were killed.
     */
    static int killPostgres(String clusterName, String dataDir) {
        int killed = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Long> pids = postgresProcesses(clusterName, dataDir);
            if (pids.isEmpty()) {
                break;
            }
            for (long pid : pids) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return killed;
    }
}
