package org.parley.file;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the file store in step with the rows (docs/files.md), every minute: deletes the bytes queued in
 * {@code file_purges} (by a contact's deletion, retention, or here), forgets uploads never attached after
 * {@code FileLimits.pendingTtl}, and removes the bytes of files older than a workspace's {@code file_retention_days}
 * (the row stays, so the message shows the file as removed). Rows change first, bytes go after commit: a crash in
 * between leaves a queued key, deleted on the next round, never a row without its bytes while it is still shown.
 */
public final class FileJanitor implements AutoCloseable {
    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(FileJanitor.class);
    private static final String STRIPE = "files";

    private final Database db;
    private final FileStore store;
    private final Clock clock;
    private final FileLimits limits;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("file-janitor").daemon().factory());

    public FileJanitor(Database db, FileStore store, Clock clock, FileLimits limits) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
    }

    public void start(Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("file janitor round failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round; what it did, by step (tests and the log). */
    public synchronized Map<String, Integer> runOnce() {
        Map<String, Integer> done = new LinkedHashMap<>();
        long now = clock.millis();
        done.put("abandoned", forgetAbandoned(now));
        done.put("expired", expire(now));
        done.put("purged", purge(now));
        return done;
    }

    private int forgetAbandoned(long now) {
        long cutoff = now - limits.pendingTtl().toMillis();
        List<StoredFile> abandoned = db.read(h -> FileRepository.abandoned(h, cutoff, BATCH));
        for (StoredFile file : abandoned) {
            db.write(file.workspaceId(), h -> {
                if (FileRepository.deletePending(h, file.workspaceId(), file.id())) {
                    FileRepository.queuePurge(h, file, now);
                }
                return null;
            });
        }
        return abandoned.size();
    }

    private int expire(long now) {
        int total = 0;
        for (Map.Entry<String, Integer> own : retentionDays().entrySet()) {
            long cutoff = now - Duration.ofDays(own.getValue()).toMillis();
            List<StoredFile> expired = db.read(h -> FileRepository.expired(h, own.getKey(), cutoff, BATCH));
            for (StoredFile file : expired) {
                db.write(file.workspaceId(), h -> {
                    FileRepository.queuePurge(h, file, now);
                    FileRepository.markRemoved(h, file.workspaceId(), file.id(), now);
                    return null;
                });
            }
            total += expired.size();
        }
        return total;
    }

    private int purge(long now) {
        List<String> keys = db.read(h -> FileRepository.purges(h, now, BATCH));
        int purged = 0;
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (IOException e) {
                log.warn("file store: could not delete {} ({}); tried again next round", key, e.getMessage());
                continue;
            }
            db.write(STRIPE, h -> {
                FileRepository.purged(h, key);
                return null;
            });
            purged++;
        }
        return purged;
    }

    /** Workspaces whose settings name a file retention, in days. */
    private Map<String, Integer> retentionDays() {
        Map<String, Integer> own = new LinkedHashMap<>();
        db.read(h -> h.createQuery("SELECT id, settings FROM workspaces")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list()).forEach(row -> {
                    JsonNode days = row.getValue() == null ? null : Json.tree(row.getValue()).path("file_retention_days");
                    if (days != null && days.isInt() && days.intValue() > 0) {
                        own.put(row.getKey(), days.intValue());
                    }
                });
        return own;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
