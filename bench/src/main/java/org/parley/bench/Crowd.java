package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The load of the throughput and latency figures: one agent socket, and N visitor sockets, each its
 * own visitor with its own conversation, all authenticated and ready.
 */
final class Crowd implements AutoCloseable {

    private static final int REST_PARALLEL = 16;
    private static final int OPEN_BATCH = 100;

    final FrameSocket agent;
    final List<FrameSocket> visitors;
    final List<String> conversationIds;

    private Crowd(FrameSocket agent, List<FrameSocket> visitors, List<String> conversationIds) {
        this.agent = agent;
        this.visitors = visitors;
        this.conversationIds = conversationIds;
    }

    /**
     * @param agentHandler   frames of the agent socket after ready
     * @param visitorHandler frames of visitor socket i after ready
     */
    static Crowd gather(ParleyClient parley, Bench.Options options, FrameSocket.Handler agentHandler,
                        IntFunction<FrameSocket.Handler> visitorHandler)
            throws Exception {
        List<ParleyClient.Visitor> people = newVisitors(parley, options.sockets());
        String cookie = parley.agentCookie(options.agentEmail(), options.agentPassword());
        FrameSocket agent = parley.openAgent(cookie, agentHandler).get(40, TimeUnit.SECONDS);
        List<CompletableFuture<FrameSocket>> openings = new ArrayList<>();
        List<FrameSocket> sockets = new ArrayList<>();
        try {
            for (int start = 0; start < people.size(); start += OPEN_BATCH) {
                int end = Math.min(start + OPEN_BATCH, people.size());
                for (int i = start; i < end; i++) {
                    openings.add(parley.openVisitor(people.get(i).token(), visitorHandler.apply(i)));
                }
                for (int i = start; i < end; i++) {
                    sockets.add(openings.get(i).get(40, TimeUnit.SECONDS));
                }
            }
        } catch (Exception e) {
            openings.forEach(opening -> opening.thenAccept(FrameSocket::abort));
            agent.abort();
            throw e;
        }
        List<String> conversations = people.stream().map(ParleyClient.Visitor::conversationId).toList();
        return new Crowd(agent, sockets, conversations);
    }

    private static List<ParleyClient.Visitor> newVisitors(ParleyClient parley, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REST_PARALLEL);
        try {
            List<Future<ParleyClient.Visitor>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(parley::newVisitorWithConversation));
            }
            List<ParleyClient.Visitor> visitors = new ArrayList<>();
            for (Future<ParleyClient.Visitor> future : futures) {
                visitors.add(future.get(60, TimeUnit.SECONDS));
            }
            return visitors;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits while {@code outstanding} (sends not yet answered or delivered) is above zero and still
     * shrinking: gives up after 10 s without progress, or after 120 s in all.
     */
    static void drain(LongSupplier outstanding) throws InterruptedException {
        long now = System.nanoTime();
        long hardStop = now + TimeUnit.SECONDS.toNanos(120);
        long lastProgress = now;
        long last = outstanding.getAsLong();
        while (last > 0 && now < hardStop && now - lastProgress < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(50);
            now = System.nanoTime();
            long current = outstanding.getAsLong();
            if (current < last) {
                lastProgress = now;
            }
            last = current;
        }
    }

    /** A fresh prefix for the client_msg_ids of one run, so stray traffic is never counted. */
    static String newRunId() {
        return "b" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "-";
    }

    /** The send frame of one bench message; the id is also in the text, to match by either. */
    static String sendFrame(String conversationId, String clientMsgId) {
        return "{\"type\":\"send\",\"conversation_id\":\"" + conversationId + "\",\"client_msg_id\":\""
                + clientMsgId + "\",\"text\":\"bench message " + clientMsgId + "\"}";
    }

    /** The bench client_msg_id carried by a message.created event, or null for any other frame. */
    static String createdMessageId(JsonNode frame) {
        if (!"event".equals(frame.path("type").asText()) || !"message.created".equals(frame.path("event").asText())) {
            return null;
        }
        JsonNode data = frame.path("data");
        String id = data.path("client_msg_id").asText("");
        if (id.isEmpty()) {
            String text = data.path("text").asText("");
            id = text.startsWith("bench message ") ? text.substring("bench message ".length()) : "";
        }
        return id.isEmpty() ? null : id;
    }

    /** "sockets_closed=N" and, if any, the first reason, for the figure's line (read before close()). */
    String closedSummary() {
        List<FrameSocket> all = new ArrayList<>(visitors);
        all.add(agent);
        List<String> reasons = all.stream().filter(s -> !s.isOpen()).map(s -> s.closed().getNow("?")).toList();
        String agentState = agent.isOpen() ? "" : " agent_closed=" + agent.closed().getNow("?").replace(' ', '_');
        return "sockets_closed=" + reasons.size() + agentState
                + (reasons.isEmpty() ? "" : " first_close=" + reasons.get(0).replace(' ', '_'));
    }

    @Override
    public void close() {
        List<FrameSocket> all = new ArrayList<>(visitors);
        all.add(agent);
        FrameSocket.closeAll(all, 10);
    }
}
