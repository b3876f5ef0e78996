package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Flow bots (issue 13), in fresh workspaces the demo owner creates (POST /api/v1/workspaces; the server
 * must allow owners to create workspaces: PARLEY_SIGNUP=invite or open, as run.sh starts it):
 * <ol>
 * <li>the message path's latency without flows (LatencyRun, in workspace "plain");</li>
 * <li>flow steps per second: N visitors each open a conversation, the bench flow runs in it, and they
 * answer every question at once until it hands off (workspace "flows");</li>
 * <li>the same latency measurement while new conversations start at a fixed rate, each running the flow
 * and answered like in 2 (workspace "latency"; the measured conversations are opened before the flow is
 * published, so they stay with the humans and measure the plain message path beside the flows).</li>
 * </ol>
 */
final class FlowsRun {

    private static final int REST_PARALLEL = 16;
    private static final long STALL_SECONDS = 30;
    private static final long BACKGROUND_FINISH_SECONDS = 30;
    private static final String SITE_URL = "https://bench.example";

    /** say, ask choice (quick replies), ask text, ask number, set, hand-off: five bot messages a visitor sees. */
    static final String DEFINITION = """
            {"trigger": {"type": "conversation_started"}, "timeout_seconds": 600, "steps": [
              {"id": "greet", "type": "say", "text": "Hi! The bench bot asks three questions."},
              {"id": "topic", "type": "ask", "text": "%s", "input": "choice", "display": "quick_replies",
               "choices": [{"label": "Orders", "value": "orders"}, {"label": "Returns", "value": "returns"}],
               "variable": "topic", "save_to": "conversation", "reask": "%s: pick a topic."},
              {"id": "name", "type": "ask", "text": "%s", "input": "text", "variable": "name",
               "save_to": "contact", "reask": "%s: your name?"},
              {"id": "items", "type": "ask", "text": "%s", "input": "number", "min": 1, "max": 100,
               "variable": "items", "save_to": "conversation", "reask": "%s: a number from 1 to 100."},
              {"id": "tag", "type": "set", "target": "conversation", "name": "bench", "value": "flows"},
              {"id": "handoff", "type": "handoff", "text": "Bench: a person takes it from here."}]}
            """.formatted(FlowVisitors.QUESTION_CHOICE, FlowVisitors.REASK_PREFIX, FlowVisitors.QUESTION_TEXT,
            FlowVisitors.REASK_PREFIX, FlowVisitors.QUESTION_NUMBER, FlowVisitors.REASK_PREFIX);

    private final ParleyClient demo;
    private final Bench.Options options;

    FlowsRun(ParleyClient demo, Bench.Options options) {
        this.demo = demo;
        this.options = options;
    }

    /** A fresh workspace: a client bound to it (visitors by widget key, agents by id) and an API key of it. */
    private record Workspace(ParleyClient client, String apiKey) {
    }

    String run() throws Exception {
        String ownerCookie = demo.agentCookie(options.agentEmail(), options.agentPassword());
        String tag = Crowd.newRunId();

        Workspace plain = newWorkspace(ownerCookie, "Bench " + tag + "plain");
        LatencyRun withoutFlow = new LatencyRun(plain.client(), options);
        String withoutFlowLine = withoutFlow.run();

        Workspace flows = newWorkspace(ownerCookie, "Bench " + tag + "flows");
        publishFlow(flows);
        Steps steps = steps(flows.client());

        Workspace latency = newWorkspace(ownerCookie, "Bench " + tag + "latency");
        Background background = new Background(latency);
        LatencyRun withFlow = new LatencyRun(latency.client(), options, background);
        String withFlowLine;
        String backgroundLine;
        try {
            withFlowLine = withFlow.run();
            FlowVisitors bg = background.visitors;
            bg.awaitHandOffs(bg.started.get(), BACKGROUND_FINISH_SECONDS, 10);
            backgroundLine = detail(bg, bg.started.get() + bg.startFailures.get()); // before close: sockets_closed
        } finally {
            background.visitors.close();
        }
        return String.join("\n",
                String.format("flows.steps_per_second=%.1f", steps.perSecond()),
                "flows.completed=" + steps.visitors().completed.get(),
                String.format("flows.seconds=%.2f", steps.seconds()),
                String.format("flows.turn_p50_ms=%.2f", percentile(steps.visitors(), 50)),
                String.format("flows.turn_p99_ms=%.2f", percentile(steps.visitors(), 99)),
                String.format("flows.latency_p50_ms=%.2f", withFlow.percentileMillis(50)),
                String.format("flows.latency_p99_ms=%.2f", withFlow.percentileMillis(99)),
                String.format("flows.no_flow_latency_p50_ms=%.2f", withoutFlow.percentileMillis(50)),
                String.format("flows.no_flow_latency_p99_ms=%.2f", withoutFlow.percentileMillis(99)),
                "flows.steps " + steps.detail(),
                "flows.no_flow " + withoutFlowLine,
                "flows.with_flow " + withFlowLine,
                "flows.with_flow_background start_rate=" + options.flowStartRate() + " " + backgroundLine);
    }

    private record Steps(FlowVisitors visitors, double seconds, double perSecond, String detail) {
    }

    /** Part a: N visitors through the whole flow, as fast as they can; seconds until the last hand-off. */
    private Steps steps(ParleyClient client) throws Exception {
        int n = options.flowVisitors();
        ExecutorService pool = Executors.newFixedThreadPool(REST_PARALLEL);
        try (FlowVisitors visitors = new FlowVisitors(client)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pool.submit(visitors::startOne);
            }
            pool.shutdown();
            visitors.awaitHandOffs(n, options.flowSeconds(), STALL_SECONDS);
            boolean all = visitors.completed.get() == n;
            double seconds = ((all ? visitors.lastHandOff.get() : System.nanoTime()) - start) / 1e9;
            return new Steps(visitors, seconds, visitors.botMessages.sum() / seconds, detail(visitors, n));
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(FlowVisitors visitors, double percentile) {
        return FlowVisitors.millis(visitors.turns.getValueAtPercentile(percentile));
    }

    /** Counts of one group of flow visitors, for the detail lines; stuck ones and the first error, if any. */
    private static String detail(FlowVisitors v, int visitors) {
        return String.format("visitors=%d started=%d start_failures=%d completed=%d bot_messages=%d answers=%d"
                        + " reasks=%d duplicates=%d errors=%d turn_p50_ms=%.2f turn_p99_ms=%.2f turn_max_ms=%.2f"
                        + " sockets_closed=%d%s%s",
                visitors, v.started.get(), v.startFailures.get(), v.completed.get(), v.botMessages.sum(),
                v.answers.sum(), v.reasks.sum(), v.duplicates.sum(), v.errors.sum(), percentile(v, 50),
                percentile(v, 99), FlowVisitors.millis(v.turns.getMaxValue()), v.socketsClosed(), v.stuck(5),
                v.firstError());
    }

    /**
     * Part b's flows: publishes the flow once the measured conversations exist, then opens new visitors at
     * --flow-start-rate until the last scheduled send (at most rate x (warm-up + measured seconds)).
     */
    private final class Background implements LatencyRun.Beside {
        private final Workspace workspace;
        final FlowVisitors visitors;
        private final ThreadPoolExecutor pool = new ThreadPoolExecutor(REST_PARALLEL, REST_PARALLEL, 0,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        private volatile boolean stopped;
        private Thread pacer;

        Background(Workspace workspace) {
            this.workspace = workspace;
            this.visitors = new FlowVisitors(workspace.client());
        }

        @Override
        public void start() throws Exception {
            publishFlow(workspace);
            long total = (long) options.flowStartRate() * (options.warmupSeconds() + options.latencySeconds());
            pacer = Thread.ofPlatform().name("flow-starts").daemon().start(() -> {
                long start = System.nanoTime();
                for (long k = 0; k < total && !stopped; k++) {
                    long due = start + (long) (k * 1e9 / options.flowStartRate());
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0 && !stopped) {
                        LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
                    }
                    if (!stopped) {
                        pool.submit(visitors::startOne);
                    }
                }
            });
        }

        @Override
        public void stop() {
            stopped = true;
            try {
                if (pacer != null) {
                    pacer.join(TimeUnit.SECONDS.toMillis(5));
                }
                // Starts still queued are dropped; those under way finish (an interrupt would fail them mid-request).
                pool.getQueue().clear();
                pool.shutdown();
                if (!pool.awaitTermination(45, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The demo owner creates a workspace, signs in to it and makes an API key there (it writes the flows). */
    private Workspace newWorkspace(String ownerCookie, String name) throws IOException, InterruptedException {
        JsonNode created;
        try {
            created = demo.postWith("/api/v1/workspaces", Map.of("name", name, "site_url", SITE_URL),
                    Map.of("Cookie", ownerCookie), 201).get("workspace");
        } catch (IOException e) {
            throw new IOException("cannot create a workspace (the server needs PARLEY_SIGNUP=invite or open,"
                    + " as bench/run.sh starts it): " + e.getMessage(), e);
        }
        ParleyClient client = new ParleyClient(options.url(), created.get("widget_key").asText(),
                created.get("id").asText());
        String cookie = client.agentCookie(options.agentEmail(), options.agentPassword());
        String key = client.postWith("/api/v1/api-keys", Map.of("name", "bench flows"), Map.of("Cookie", cookie), 201)
                .get("key").asText();
        return new Workspace(client, key);
    }

    /** POST /api/v1/flows, then POST /api/v1/flows/{id}/publish, with the workspace's API key. */
    private static void publishFlow(Workspace workspace) throws IOException, InterruptedException {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + workspace.apiKey());
        JsonNode definition = ParleyClient.JSON.readTree(DEFINITION);
        JsonNode flow = workspace.client().postWith("/api/v1/flows", Map.of("name", "Bench flow", "definition", definition),
                auth, 201);
        String id = flow.path("id").asText();
        if (id.isEmpty()) {
            throw new IOException("POST /api/v1/flows answered without an id: " + flow);
        }
        workspace.client().postWith("/api/v1/flows/" + id + "/publish", Map.of(), auth, 201);
    }
}
