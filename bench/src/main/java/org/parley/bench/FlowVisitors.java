package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Visitors of FlowsRun's workspace, each with one conversation that the bench flow runs in, answering
 * every question of the flow as soon as it arrives, as the widget would: a quick-reply tap (label as
 * text, plus its payload), a text and a number. Counts the bot's messages, the hand-offs, and the time
 * from each answer to the next bot message (one JVM, System.nanoTime).
 */
final class FlowVisitors implements AutoCloseable {

    /** Texts of the bench flow's messages (FlowsRun.DEFINITION); the visitors recognise its questions by them. */
    static final String QUESTION_CHOICE = "Bench Q1: which topic?";
    static final String QUESTION_TEXT = "Bench Q2: your name?";
    static final String QUESTION_NUMBER = "Bench Q3: how many items?";
    static final String REASK_PREFIX = "Bench reask";

    private final ParleyClient parley;
    private final String runId = Crowd.newRunId();
    private final ConcurrentLinkedQueue<Visitor> visitors = new ConcurrentLinkedQueue<>();
    final LongAdder botMessages = new LongAdder();
    final LongAdder answers = new LongAdder();
    final LongAdder reasks = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger startFailures = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    /** Answer to the next bot message, nanoseconds. */
    final Histogram turns = new ConcurrentHistogram(3);
    /** nanoTime of the last bot message, hand-off or start: the waits give up when it stops moving. */
    final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    final AtomicLong lastHandOff = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    FlowVisitors(ParleyClient parley) {
        this.parley = parley;
    }

    /**
     * Opens one visitor, blocking: a session, a conversation (the flow starts on it at once), the socket and
     * a resume from seq 0, so the flow's first messages, sent before the socket was ready, are replayed.
     */
    void startOne() {
        try {
            ParleyClient.Visitor person = parley.newVisitorWithConversation();
            Visitor visitor = new Visitor(person.conversationId());
            FrameSocket socket = parley.openVisitor(person.token(), visitor).get(40, TimeUnit.SECONDS);
            visitor.socket = socket;
            visitors.add(visitor);
            started.incrementAndGet();
            lastProgress.set(System.nanoTime());
            socket.send(FrameSocket.json(Map.of("type", "resume", "cursors", Map.of(person.conversationId(), 0))));
        } catch (Exception e) {
            startFailures.incrementAndGet();
            noteError("start failed: " + e);
        }
    }

    /**
     * Waits until the flows of {@code expected} visitors (less those that failed to start) handed off, or
     * {@code stallSeconds} without progress, or {@code maxSeconds}.
     */
    void awaitHandOffs(int expected, long maxSeconds, long stallSeconds) throws InterruptedException {
        long hardStop = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (completed.get() < expected - startFailures.get()) {
            long now = System.nanoTime();
            if (now > hardStop || now - lastProgress.get() > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Visitors whose flow has not handed off (up to {@code max}): conversation, bot messages seen, the last one. */
    String stuck(int max) {
        List<Visitor> left = visitors.stream().filter(v -> !v.handedOff).toList();
        if (left.isEmpty()) {
            return "";
        }
        return " stuck=" + left.size() + " stuck_examples=" + left.stream().limit(max)
                .map(v -> v.conversationId + ":" + v.botSeen + ":" + String.valueOf(v.lastBotText).replace(' ', '_'))
                .collect(Collectors.joining(","));
    }

    String firstError() {
        return firstError.get() == null ? "" : " first_error=" + firstError.get();
    }

    long socketsClosed() {
        return visitors.stream().filter(v -> !v.socket.isOpen()).count();
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    private void noteError(String description) {
        errors.increment();
        String oneWord = description.replace(' ', '_');
        firstError.compareAndSet(null, oneWord.length() > 200 ? oneWord.substring(0, 200) + "..." : oneWord);
    }

    @Override
    public void close() {
        FrameSocket.closeAll(visitors.stream().map(v -> v.socket).toList(), 10);
    }

    /** One visitor; its frames come one at a time on its socket's reading thread. */
    private final class Visitor implements FrameSocket.Handler {
        private final String conversationId;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private volatile FrameSocket socket;
        /** nanoTime of the answer not yet followed by a bot message, or 0. */
        private long answeredAt;
        private int sent;
        private int botSeen;
        private String lastBotText;
        private volatile boolean handedOff;

        Visitor(String conversationId) {
            this.conversationId = conversationId;
        }

        @Override
        public void onFrame(FrameSocket socket, JsonNode frame) {
            String type = frame.path("type").asText();
            if (type.equals("error")) {
                noteError(conversationId + ": " + frame);
                return;
            }
            if (!type.equals("event") || !conversationId.equals(frame.path("conversation_id").asText())) {
                return;
            }
            String event = frame.path("event").asText();
            JsonNode data = frame.path("data");
            if (event.equals("conversation.handed_over")) {
                if (!handedOff && "humans".equals(data.path("conversation").path("owner").path("type").asText())) {
                    handedOff = true;
                    long now = System.nanoTime();
                    lastHandOff.accumulateAndGet(now, Math::max);
                    lastProgress.set(now);
                    completed.incrementAndGet();
                }
            } else if (event.equals("message.created") && "bot".equals(data.path("sender").path("type").asText())) {
                if (!seen.add(data.path("id").asText())) {
                    duplicates.increment();
                    return;
                }
                onBotMessage(socket, data.path("text").asText());
            }
        }

        private void onBotMessage(FrameSocket socket, String text) {
            long now = System.nanoTime();
            botMessages.increment();
            lastProgress.set(now);
            botSeen++;
            lastBotText = text;
            if (answeredAt != 0) {
                turns.recordValue(now - answeredAt);
                answeredAt = 0;
            }
            if (text.startsWith(REASK_PREFIX)) {
                reasks.increment(); // the question follows, and is answered again
            } else if (text.equals(QUESTION_CHOICE)) {
                answer(socket, "Orders", "orders");
            } else if (text.equals(QUESTION_TEXT)) {
                answer(socket, "Bench visitor " + conversationId, null);
            } else if (text.equals(QUESTION_NUMBER)) {
                answer(socket, "42", null);
            }
        }

        private void answer(FrameSocket socket, String text, String payload) {
            Map<String, Object> frame = new java.util.LinkedHashMap<>();
            frame.put("type", "send");
            frame.put("conversation_id", conversationId);
            frame.put("client_msg_id", runId + conversationId.substring(Math.max(0, conversationId.length() - 12)) + "-" + sent++);
            frame.put("text", text);
            if (payload != null) {
                frame.put("payload", payload);
            }
            answeredAt = System.nanoTime();
            answers.increment();
            socket.send(FrameSocket.json(frame)).exceptionally(failure -> {
                noteError("answer failed: " + failure);
                return null;
            });
        }
    }
}
