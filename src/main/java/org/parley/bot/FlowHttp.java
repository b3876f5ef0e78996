package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.conversation.ConversationJson;
import org.parley.conversation.ThreadOwnership;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Query;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;
import org.parley.workspace.WorkspaceService;

/** Flow routes (docs/bots.md): agents read, admins write; the simulator; taking and giving back a thread. */
public final class FlowHttp {
    record CreateBody(String name, JsonNode definition) {
    }

    record UpdateBody(String name, JsonNode definition, Boolean enabled, Integer position) {
    }

    record DefinitionBody(JsonNode definition) {
    }

    record SimulateContext(String pageUrl, String ref, String language, Long at) {
    }

    record SimulateBody(JsonNode definition, List<FlowSimulator.Answer> answers, SimulateContext context) {
    }

    record OwnerBody(String owner) {
    }

    private final FlowService flows;
    private final FlowStats stats;
    private final ThreadOwnership ownership;
    private final WorkspaceService workspaces;
    private final Authenticator auth;
    private final java.time.Clock clock;

    public FlowHttp(FlowService flows, FlowStats stats, ThreadOwnership ownership, WorkspaceService workspaces,
                    Authenticator auth, java.time.Clock clock) {
        this.flows = flows;
        this.stats = stats;
        this.ownership = ownership;
        this.workspaces = workspaces;
        this.auth = auth;
        this.clock = clock;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/flows", ctx -> ctx.json(Map.of("flows",
                flows.list(auth.requireAgent(ctx)).stream().map(FlowHttp::json).toList())));
        routes.post("/api/v1/flows", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            CreateBody body = Json.parse(ctx.bodyAsBytes(), CreateBody.class);
            ctx.status(201).json(json(flows.create(admin, body.name(), body.definition())));
        });
        routes.post("/api/v1/flows/validate", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            DefinitionBody body = Json.parse(ctx.bodyAsBytes(), DefinitionBody.class);
            ctx.json(Map.of("problems", flows.validate(agent, body.definition()).stream().map(FlowService::problemJson).toList()));
        });
        routes.post("/api/v1/flows/simulate", ctx -> simulate(ctx, auth.requireAgent(ctx)));
        routes.get("/api/v1/flows/containment", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            long[] range = range(ctx);
            Map<String, FlowStats.Figures> figures = stats.containment(agent.workspaceId(), range[0], range[1]);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("from", range[0]);
            json.put("to", range[1]);
            json.put("all", containment(figures.get("all")));
            json.put("flows", figures.entrySet().stream().filter(e -> !e.getKey().equals("all"))
                    .map(e -> {
                        Map<String, Object> flow = new LinkedHashMap<>(Map.of("flow_id", e.getKey()));
                        flow.putAll(containment(e.getValue()));
                        return flow;
                    }).toList());
            ctx.json(json);
        });
        routes.get("/api/v1/flows/{id}", ctx -> {
            FlowService.Detail detail = flows.require(auth.requireAgent(ctx), ctx.pathParam("id"));
            Map<String, Object> json = json(detail.flow());
            json.put("versions", detail.versions().stream().map(v -> Map.of("version", v.version(),
                    "published_at", v.publishedAt(), "published_by", v.publishedBy() == null ? "" : v.publishedBy())).toList());
            ctx.json(json);
        });
        routes.patch("/api/v1/flows/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            UpdateBody body = Json.parse(ctx.bodyAsBytes(), UpdateBody.class);
            ctx.json(json(flows.update(admin, ctx.pathParam("id"), new FlowService.FlowChange(body.name(),
                    body.definition(), body.enabled(), body.position()))));
        });
        routes.delete("/api/v1/flows/{id}", ctx -> {
            flows.delete(auth.requireAdmin(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/api/v1/flows/{id}/publish", ctx -> {
            FlowService.Published published = flows.publish(auth.requireAdmin(ctx), ctx.pathParam("id"));
            if (published.version() == null) {
                invalid(ctx, published.problems());
                return;
            }
            ctx.status(201).json(Map.of("version", published.version()));
        });
        routes.get("/api/v1/flows/{id}/stats", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            flows.require(agent, ctx.pathParam("id"));
            long[] range = range(ctx);
            ctx.json(Map.of("from", range[0], "to", range[1], "versions",
                    stats.perVersion(agent.workspaceId(), ctx.pathParam("id"), range[0], range[1]).entrySet().stream()
                            .map(e -> {
                                Map<String, Object> json = new LinkedHashMap<>(Map.of("version", e.getKey()));
                                json.putAll(figures(e.getValue()));
                                return json;
                            }).toList()));
        });
        routes.post("/api/v1/conversations/{id}/owner", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            OwnerBody body = Json.parse(ctx.bodyAsBytes(), OwnerBody.class);
            var conversation = switch (body.owner() == null ? "" : body.owner()) {
                case "humans" -> ownership.take(agent, ctx.pathParam("id"), "agent_took");
                case "flow" -> ownership.giveBack(agent, ctx.pathParam("id"));
                default -> throw ApiError.badRequest("Field 'owner' must be 'humans' or 'flow'");
            };
            ctx.json(Map.of("conversation", ConversationJson.forAgent(conversation, null, null)));
        });
    }

    private void simulate(Context ctx, AgentPrincipal agent) {
        SimulateBody body = Json.parse(ctx.bodyAsBytes(), SimulateBody.class);
        if (body.definition() == null) {
            throw ApiError.badRequest("Field 'definition' is required");
        }
        List<FlowSimulator.Answer> answers = body.answers() == null ? List.of() : body.answers();
        if (answers.size() > FlowSimulator.MAX_ANSWERS) {
            throw ApiError.badRequest("At most " + FlowSimulator.MAX_ANSWERS + " answers");
        }
        FlowDefinition flow;
        try {
            flow = FlowService.runnable(body.definition());
        } catch (FlowService.Invalid e) {
            invalid(ctx, e.problems());
            return;
        }
        SimulateContext c = body.context() == null ? new SimulateContext(null, null, null, null) : body.context();
        Instant at = Instant.ofEpochMilli(c.at() == null ? clock.millis() : c.at());
        FlowSimulator.Result result = FlowSimulator.run(flow, answers, c.pageUrl(), c.ref(), c.language(), at,
                workspaces.require(agent.workspaceId()).settings().businessHours(),
                flows.articles(agent.workspaceId(), c.language()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("transcript", result.transcript().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>(Map.of("from", l.from(), "text", l.text() == null ? "" : l.text()));
            if (l.content() != null) {
                line.put("content", l.content());
            }
            return line;
        }).toList());
        json.put("attributes", result.attributes());
        json.put("outcome", result.outcome());
        json.put("step", result.step());
        json.put("reason", result.reason());
        ctx.json(json);
    }

    private static void invalid(Context ctx, List<FlowParser.Problem> problems) {
        ctx.status(422).json(Map.of("error", Map.of("code", "invalid_flow",
                        "message", problems.isEmpty() ? "Invalid flow" : problems.get(0).message()),
                "problems", problems.stream().map(FlowService::problemJson).toList()));
    }

    private long[] range(Context ctx) {
        long now = clock.millis();
        long to = Query.number(ctx, "to", 0, Long.MAX_VALUE, now + 1);
        long from = Query.number(ctx, "from", 0, Long.MAX_VALUE, to - 30L * 24 * 3600 * 1000);
        if (from >= to) {
            throw ApiError.badRequest("'from' must be before 'to'");
        }
        return new long[] {from, to};
    }

    private static Map<String, Object> containment(FlowStats.Figures f) {
        Map<String, Object> json = figures(f);
        double n = Math.max(1, f.started() - f.running());
        json.put("containment_rate", f.started() - f.running() == 0 ? null : f.resolved() / n);
        json.put("handoff_rate", f.started() - f.running() == 0 ? null : f.handedOff() / n);
        json.put("drop_rate", f.started() - f.running() == 0 ? null : f.dropped() / n);
        return json;
    }

    private static Map<String, Object> figures(FlowStats.Figures f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", f.started());
        json.put("running", f.running());
        json.put("resolved", f.resolved());
        json.put("handed_off", f.handedOff());
        json.put("dropped", f.dropped());
        json.put("by_reason", f.byReason());
        json.put("dropped_at", f.droppedAt());
        json.put("median_ms_to_handoff", f.medianMsToHandoff());
        return json;
    }

    static Map<String, Object> json(Flow f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", f.id());
        json.put("name", f.name());
        json.put("position", f.position());
        json.put("enabled", f.enabled());
        json.put("draft", Json.tree(f.draft()));
        json.put("published_version", f.publishedVersion());
        json.put("published_at", f.publishedAt());
        json.put("created_at", f.createdAt());
        json.put("updated_at", f.updatedAt());
        return json;
    }
}
