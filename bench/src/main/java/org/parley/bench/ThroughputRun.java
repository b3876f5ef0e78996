package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Visitors send as fast as the server acks, each keeping a bounded window of un-acked sends, while
 * one agent socket receives every message.created. Prints acks/s (persisted) and deliveries/s.
 */
final class ThroughputRun {

    private final ParleyClient parley;
    private final Bench.Options options;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder answeredErrors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final String runId = Crowd.newRunId();
    private AtomicInteger[] nextNumber;
    private volatile Crowd crowd;
    private volatile boolean sending = true;

    ThroughputRun(ParleyClient parley, Bench.Options options) {
        this.parley = parley;
        this.options = options;
    }

    String run() throws Exception {
        int sockets = options.sockets();
        nextNumber = new AtomicInteger[sockets];
        for (int i = 0; i < sockets; i++) {
            nextNumber[i] = new AtomicInteger();
        }
        try (Crowd gathered = Crowd.gather(parley, options, this::onAgentFrame,
                i -> (socket, frame) -> onVisitorFrame(i, frame))) {
            crowd = gathered;
            for (int i = 0; i < sockets; i++) {
                for (int w = 0; w < options.window(); w++) {
                    sendNext(i);
                }
            }
            // Rates count only the measured window, after the warm-up (JIT, pools, page cache).
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
            long start = System.nanoTime();
            long ackedBefore = acked.sum();
            long deliveredBefore = delivered.sum();
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.throughputSeconds()));
            double seconds = (System.nanoTime() - start) / 1e9;
            long ackedInTime = acked.sum() - ackedBefore;
            long deliveredInTime = delivered.sum() - deliveredBefore;
            sending = false;
            Crowd.drain(this::outstanding);
            return String.format(
                    "throughput seconds=%d warmup_seconds=%d sockets=%d window=%d acked_per_s=%.0f"
                            + " delivered_per_s=%.0f sent=%d acked=%d delivered=%d errors=%d %s%s",
                    options.throughputSeconds(), options.warmupSeconds(), sockets, options.window(),
                    ackedInTime / seconds, deliveredInTime / seconds,
                    sent.sum(), acked.sum(), delivered.sum(), errors.sum(), gathered.closedSummary(),
                    firstError.get() == null ? "" : " first_error=" + firstError.get());
        }
    }

    /** Sends not answered yet, plus acks not delivered to the agent yet. */
    private long outstanding() {
        long unanswered = sent.sum() - acked.sum() - answeredErrors.sum();
        long undelivered = acked.sum() - delivered.sum();
        return Math.max(0, unanswered) + Math.max(0, undelivered);
    }

    private void sendNext(int socketIndex) {
        if (!sending) {
            return;
        }
        Crowd c = crowd;
        String id = runId + socketIndex + "-" + nextNumber[socketIndex].getAndIncrement();
        sent.increment();
        c.visitors.get(socketIndex).send(Crowd.sendFrame(c.conversationIds.get(socketIndex), id))
                .exceptionally(failure -> {
                    sent.decrement();
                    noteError("send failed: " + failure);
                    return null;
                });
    }

    private void onVisitorFrame(int socketIndex, JsonNode frame) {
        String type = frame.path("type").asText();
        String clientMsgId = frame.path("client_msg_id").asText("");
        if (type.equals("ack") && clientMsgId.startsWith(runId)) {
            acked.increment();
            sendNext(socketIndex);
        } else if (type.equals("error")) {
            noteError(frame.toString());
            if (clientMsgId.startsWith(runId)) {
                answeredErrors.increment();
                sendNext(socketIndex);
            }
        }
    }

    private void onAgentFrame(FrameSocket socket, JsonNode frame) {
        String id = Crowd.createdMessageId(frame);
        if (id != null && id.startsWith(runId)) {
            delivered.increment();
        } else if ("error".equals(frame.path("type").asText())) {
            noteError("agent: " + frame);
        }
    }

    private void noteError(String description) {
        errors.increment();
        String oneWord = description.replace(' ', '_');
        firstError.compareAndSet(null, oneWord.length() > 200 ? oneWord.substring(0, 200) + "..." : oneWord);
    }
}
