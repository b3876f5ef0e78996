package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends at a fixed rate, round-robin over the visitor sockets, and measures the time from each
 * message's scheduled send to the agent socket receiving its message.created (matched by
 * client_msg_id, one JVM, System.nanoTime). Measuring from the schedule rather than from the actual
 * write means a client or server that falls behind shows up as latency instead of hiding it.
 */
final class LatencyRun {

    private static final long LATE_START_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Load run beside the measurement (FlowsRun's flows): started once the crowd is ready, stopped after the last send. */
    interface Beside {
        void start() throws Exception;

        void stop();
    }

    private final ParleyClient parley;
    private final Bench.Options options;
    private final Beside beside;
    private final String runId = Crowd.newRunId();
    /** Prefix of the warm-up messages: delivered like the others, never measured. */
    private final String warmupId = runId + "w";
    /** client_msg_id -> scheduled send time (nanoTime) of the messages not yet seen by the agent. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Histogram latencies = new ConcurrentHistogram(3);
    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    LatencyRun(ParleyClient parley, Bench.Options options) {
        this(parley, options, null);
    }

    LatencyRun(ParleyClient parley, Bench.Options options, Beside beside) {
        this.parley = parley;
        this.options = options;
        this.beside = beside;
    }

    /** After {@link #run()}: the percentile of the measured latencies, in milliseconds. */
    double percentileMillis(double percentile) {
        return millis(latencies.getValueAtPercentile(percentile));
    }

    String run() throws Exception {
        try (Crowd crowd = Crowd.gather(parley, options, this::onAgentFrame, i -> this::onVisitorFrame)) {
            long sent;
            if (beside != null) {
                beside.start();
            }
            try {
                sent = pace(crowd);
            } finally {
                if (beside != null) {
                    beside.stop();
                }
            }
            Crowd.drain(pending::size);
            long received = latencies.getTotalCount();
            return String.format(
                    "latency rate=%d seconds=%d warmup_seconds=%d sockets=%d sent=%d acked=%d received=%d"
                            + " lost=%d duplicates=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f %s%s",
                    options.rate(), options.latencySeconds(), options.warmupSeconds(), options.sockets(),
                    sent, acked.sum(), received, pending.size(), duplicates.sum(), errors.sum(),
                    millis(latencies.getValueAtPercentile(50)), millis(latencies.getValueAtPercentile(99)),
                    millis(latencies.getMaxValue()), crowd.closedSummary(),
                    firstError.get() == null ? "" : " first_error=" + firstError.get());
        }
    }

    /**
     * Sends rate x (warm-up + seconds) messages on schedule; the warm-up ones are not measured. Stops
     * early only if it falls 5 s behind. Returns the count of measured messages sent.
     */
    private long pace(Crowd crowd) {
        long warmup = (long) options.rate() * options.warmupSeconds();
        long total = warmup + (long) options.rate() * options.latencySeconds();
        int sockets = crowd.visitors.size();
        long start = System.nanoTime();
        long sent = 0;
        for (long k = 0; k < total; k++) {
            long due = start + (long) (k * 1e9 / options.rate());
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() - due > LATE_START_NANOS) {
                noteError("client fell more than 5 s behind schedule; stopped sending");
                break;
            }
            int socket = (int) (k % sockets);
            String id = (k < warmup ? warmupId : runId) + k;
            if (k >= warmup) {
                pending.put(id, due);
                sent++;
            }
            crowd.visitors.get(socket).send(Crowd.sendFrame(crowd.conversationIds.get(socket), id))
                    .exceptionally(failure -> {
                        pending.remove(id);
                        noteError("send failed: " + failure);
                        return null;
                    });
        }
        return sent;
    }

    private void onVisitorFrame(FrameSocket socket, JsonNode frame) {
        String type = frame.path("type").asText();
        String clientMsgId = frame.path("client_msg_id").asText("");
        if (type.equals("ack") && clientMsgId.startsWith(runId) && !clientMsgId.startsWith(warmupId)) {
            acked.increment();
        } else if (type.equals("error")) {
            pending.remove(clientMsgId);
            noteError(frame.toString());
        }
    }

    private void onAgentFrame(FrameSocket socket, JsonNode frame) {
        long now = System.nanoTime();
        String id = Crowd.createdMessageId(frame);
        if (id == null || !id.startsWith(runId) || id.startsWith(warmupId)) {
            if ("error".equals(frame.path("type").asText())) {
                noteError("agent: " + frame);
            }
            return;
        }
        Long due = pending.remove(id);
        if (due == null) {
            duplicates.increment();
        } else {
            latencies.recordValue(Math.max(0, now - due));
        }
    }

    private void noteError(String description) {
        errors.increment();
        String oneWord = description.replace(' ', '_');
        firstError.compareAndSet(null, oneWord.length() > 200 ? oneWord.substring(0, 200) + "..." : oneWord);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
