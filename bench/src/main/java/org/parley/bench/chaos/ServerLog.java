package org.parley.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures from what Parley logged of its own failures during the run. Informational: the verdict comes
 * from the clients' histories and the database.
 */
final class ServerLog {
    private static final Pattern BATCH = Pattern.compile("ERROR Writer - write batch of (\\d+) failed");

    private ServerLog() {
    }

    /**
     * server_write_batches_failed: group-commit batches that failed as a whole; of them,
     * server_batches_failed_by_savepoint failed on "release non-existent savepoint" (issue 10, defect 3), and
     * server_writes_failed_by_another are the other writes of those batches, failed for one failing write.
     */
    static Map<String, Long> figures(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        long batches = 0;
        long savepoint = 0;
        long innocent = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = BATCH.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            batches++;
            if (i + 1 < lines.size() && lines.get(i + 1).contains("release non-existent savepoint")) {
                savepoint++;
                innocent += Long.parseLong(m.group(1)) - 1;
            }
        }
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("server_write_batches_failed", batches);
        figures.put("server_batches_failed_by_savepoint", savepoint);
        figures.put("server_writes_failed_by_another", innocent);
        return figures;
    }
}
