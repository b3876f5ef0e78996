package org.parley.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.bench.ParleyClient;

/**
 * The tenants of a run, made through the public API wherever it has a call: the demo workspace (seeded by
 * Parley with PARLEY_DEMO=on) is the first; the others are copies of it made in the database (the API has
 * no "create workspace"); agents are created by each workspace's owner over REST; visitors and their
 * conversations over REST.
 */
final class Setup {
    static final String DEMO_KEY = "wk_demo_donnicharm";
    static final String DEMO_OWNER = "agent@donnicharm.example";
    static final String DEMO_PASSWORD = "parley-demo";
    static final String AGENT_PASSWORD = "chaos-agent-password";

    /** One workspace of the run and the client of its widget key. */
    record Tenant(int index, String workspaceId, String widgetKey, String ownerEmail, ParleyClient parley) {
    }

    private Setup() {
    }

    /** Waits until Parley has logged the end of demo seeding (before the fix of issue 10, defect 4, /health was ok earlier). */
    static void awaitDemoSeeded(Path parleyLog, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(parleyLog) && Files.readString(parleyLog).contains("Demo agent login:")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("Parley did not finish seeding the demo workspace within " + seconds + " s");
    }

    static List<Tenant> workspaces(int count, URI base, String jdbcUrl, String runId) throws SQLException {
        List<Tenant> tenants = new ArrayList<>();
        try (Store store = Store.open(jdbcUrl)) {
            tenants.add(new Tenant(0, store.workspaceIdByKey(DEMO_KEY), DEMO_KEY, DEMO_OWNER, new ParleyClient(base, DEMO_KEY)));
            for (int k = 1; k < count; k++) {
                String key = "wk_chaos_" + runId + k;
                String owner = "owner-" + runId + k + "@chaos.example";
                String id = store.createWorkspaceLikeDemo(DEMO_KEY, DEMO_OWNER, "Chaos workspace " + k, key, owner);
                tenants.add(new Tenant(k, id, key, owner, new ParleyClient(base, key)));
            }
        }
        return tenants;
    }

    /** Agents spread over the workspaces, each created by its workspace's owner and signed in. */
    static List<AgentClient> agents(List<Tenant> tenants, ChaosOptions options, Rest rest, String runId, long startNanos)
            throws IOException, InterruptedException {
        Map<Integer, String> ownerCookies = new HashMap<>();
        List<AgentClient> agents = new ArrayList<>();
        for (int i = 0; i < options.agents(); i++) {
            Tenant tenant = tenants.get(i % tenants.size());
            String ownerCookie = ownerCookies.get(tenant.index());
            if (ownerCookie == null) {
                ownerCookie = tenant.parley().agentCookie(tenant.ownerEmail(), DEMO_PASSWORD);
                ownerCookies.put(tenant.index(), ownerCookie);
            }
            String email = "agent-" + runId + i + "@chaos.example";
            Rest.Answer created = rest.post("/api/v1/agents", Map.of("email", email, "name", "Chaos agent " + i,
                    "password", AGENT_PASSWORD, "role", "agent"), Map.of("Cookie", ownerCookie, "Origin", rest.base().toString()));
            if (created.status() != 201) {
                throw new IOException("creating agent " + email + " answered " + created.status() + ": " + created.body());
            }
            String cookie = tenant.parley().agentCookie(email, AGENT_PASSWORD);
            String name = String.format("a%d", i);
            agents.add(new AgentClient(name, tenant.index(), tenant.parley(), cookie, created.body().path("id").asText(),
                    new History(name, startNanos), rest, options, runId));
        }
        return agents;
    }

    /** Visitors spread over the workspaces, each with one new conversation. */
    static List<VisitorClient> visitors(List<Tenant> tenants, ChaosOptions options, Rest rest, String runId, long startNanos)
            throws IOException, InterruptedException {
        List<VisitorClient> visitors = new ArrayList<>();
        for (int i = 0; i < options.visitors(); i++) {
            Tenant tenant = tenants.get(i % tenants.size());
            ParleyClient.Visitor visitor = tenant.parley().newVisitorWithConversation();
            String name = String.format("v%02d", i);
            visitors.add(new VisitorClient(name, tenant.index(), tenant.parley(), visitor, new History(name, startNanos),
                    rest, options, runId));
        }
        return visitors;
    }
}
