package org.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.http.ApiError;
import org.parley.http.DisplayText;
import org.parley.http.Json;
import org.parley.identity.Agent;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/**
 * The only write entry for flows: drafts, settings, publishing, and the checks the editor shows. Agents read;
 * owners and admins (and API keys) write. A draft may be invalid while it is edited; publishing refuses one
 * with problems, and a published version never changes.
 */
public final class FlowService {
    static final int MAX_FLOWS = 50;
    static final int MAX_DEFINITION_BYTES = 64 * 1024;
    static final String STARTER = """
            {"trigger":{"type":"conversation_started"},"steps":[
             {"id":"greet","type":"say","text":"Hi! How can we help?"},
             {"id":"handoff","type":"handoff","text":"Someone from the team will be with you shortly."}]}""";

    /** What the editor shows: the flow, and its published versions newest first. */
    public record Detail(Flow flow, List<FlowRepository.Version> versions) {
    }

    /** Settings and draft changes; null fields are left as they are. */
    public record FlowChange(String name, JsonNode definition, Boolean enabled, Integer position) {
    }

    /** Publishing's outcome: the new version, or the problems that stopped it. */
    public record Published(Integer version, List<FlowParser.Problem> problems) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final AgentService agents;
    private final FlowRepository repository = new FlowRepository();

    private final FlowThreads threads;

    public FlowService(Database db, Ids ids, Clock clock, AgentService agents, FlowThreads threads) {
        this.threads = threads;
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.agents = agents;
    }

    public List<Flow> list(AgentPrincipal agent) {
        return db.read(h -> repository.list(h, agent.workspaceId()));
    }

    public Detail require(AgentPrincipal agent, String id) {
        return db.read(h -> {
            Flow flow = repository.find(h, agent.workspaceId(), id).orElseThrow(() -> ApiError.notFound("Flow"));
            return new Detail(flow, repository.versions(h, agent.workspaceId(), id));
        });
    }

    public Flow create(AgentPrincipal admin, String name, JsonNode definition) {
        AgentService.requireAdmin(admin);
        String validName = name(name);
        String draft = definition == null ? Json.write(Json.tree(STARTER)) : draft(definition);
        long now = clock.millis();
        return db.write(admin.workspaceId(), h -> {
            if (repository.list(h, admin.workspaceId()).size() >= MAX_FLOWS) {
                throw ApiError.conflict("A workspace has at most " + MAX_FLOWS + " flows");
            }
            Flow flow = new Flow(ids.newId(), admin.workspaceId(), validName, repository.nextPosition(h, admin.workspaceId()),
                    true, draft, null, null, now, now);
            repository.insert(h, flow);
            return flow;
        });
    }

    public Flow update(AgentPrincipal admin, String id, FlowChange change) {
        AgentService.requireAdmin(admin);
        String name = change.name() == null ? null : name(change.name());
        String draft = change.definition() == null ? null : draft(change.definition());
        if (change.position() != null && (change.position() < 1 || change.position() > 1000)) {
            throw ApiError.badRequest("Field 'position' must be 1-1000");
        }
        long now = clock.millis();
        return db.write(admin.workspaceId(), h -> {
            Flow current = repository.find(h, admin.workspaceId(), id).orElseThrow(() -> ApiError.notFound("Flow"));
            Flow updated = new Flow(id, current.workspaceId(), name == null ? current.name() : name,
                    change.position() == null ? current.position() : change.position(),
                    change.enabled() == null ? current.enabled() : change.enabled(), draft == null ? current.draft() : draft,
                    current.publishedVersion(), current.publishedAt(), current.createdAt(), now);
            repository.update(h, updated);
            return updated;
        });
    }

    public void delete(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        if (db.write(admin.workspaceId(), h -> repository.delete(h, admin.workspaceId(), id)) == 0) {
            throw ApiError.notFound("Flow");
        }
    }

    /** Publishes the draft as the next version, or says why not. Running conversations keep their version. */
    public Published publish(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        Flow flow = require(admin, id).flow();
        List<FlowParser.Problem> problems = validate(admin, Json.tree(flow.draft()));
        if (!problems.isEmpty()) {
            return new Published(null, problems);
        }
        long now = clock.millis();
        int version = db.write(admin.workspaceId(), h -> repository.publish(h, admin.workspaceId(), id, flow.draft(),
                admin.actorId(), now));
        return new Published(version, List.of());
    }

    /**
     * What the widget needs to open flows itself (docs/bots.md): whether a flow runs as soon as the chat opens,
     * and the page rules with a time on page. Only enabled, published flows count.
     */
    public Map<String, Object> widgetTriggers(String workspaceId) {
        return db.read(h -> {
            boolean onOpen = false;
            List<Map<String, Object>> pages = new ArrayList<>();
            for (Flow flow : repository.list(h, workspaceId)) {
                if (!flow.enabled() || flow.publishedVersion() == null) {
                    continue;
                }
                FlowDefinition definition = threads.definition(h, workspaceId, flow.id(), flow.publishedVersion());
                if (definition == null) {
                    continue;
                }
                FlowDefinition.Trigger trigger = definition.trigger();
                onOpen |= trigger.type().equals("conversation_started");
                if (trigger.type().equals("page") && trigger.secondsOnPage() != null) {
                    pages.add(Map.of("url_pattern", trigger.urlPattern(), "seconds_on_page", trigger.secondsOnPage()));
                }
            }
            return Map.of("on_open", onOpen, "pages", pages);
        });
    }

    /** Every problem of a definition, including assign steps naming no active agent of the workspace. */
    public List<FlowParser.Problem> validate(AgentPrincipal agent, JsonNode definition) {
        FlowParser.Result parsed = FlowParser.parse(definition);
        if (parsed.definition() == null) {
            return parsed.problems();
        }
        Set<String> active = agents.list(agent).stream().filter(Agent::active).map(Agent::id).collect(Collectors.toSet());
        List<FlowParser.Problem> problems = new ArrayList<>();
        for (FlowDefinition.Step step : parsed.definition().steps()) {
            if (step instanceof FlowDefinition.Assign assign && !active.contains(assign.agentId())) {
                problems.add(new FlowParser.Problem(step.id(), "agent_id",
                        "Step '" + step.id() + "' assigns to someone who is not an active agent of this workspace"));
            }
        }
        return problems;
    }

    /** The definition checked enough to run in the simulator: problems make a 422 there. */
    static FlowDefinition runnable(JsonNode definition) {
        FlowParser.Result parsed = FlowParser.parse(definition);
        if (parsed.definition() == null) {
            throw new Invalid(parsed.problems());
        }
        return parsed.definition();
    }

    /** A definition with problems, where one was needed. */
    public static final class Invalid extends RuntimeException {
        private final List<FlowParser.Problem> problems;

        Invalid(List<FlowParser.Problem> problems) {
            super(problems.isEmpty() ? "Invalid flow" : problems.get(0).message());
            this.problems = problems;
        }

        public List<FlowParser.Problem> problems() {
            return problems;
        }
    }

    private static String name(String name) {
        String clean = name == null ? "" : DisplayText.clean(name).strip();
        if (clean.isEmpty() || clean.length() > 80) {
            throw ApiError.badRequest("Field 'name' must be 1-80 characters");
        }
        return clean;
    }

    private static String draft(JsonNode definition) {
        if (!definition.isObject()) {
            throw ApiError.badRequest("Field 'definition' must be a JSON object");
        }
        String json = Json.write(definition);
        if (json.length() > MAX_DEFINITION_BYTES) {
            throw ApiError.tooLarge("Field 'definition' must be at most " + MAX_DEFINITION_BYTES / 1024 + " KB");
        }
        return json;
    }

    static Map<String, Object> problemJson(FlowParser.Problem p) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        if (p.step() != null) {
            json.put("step", p.step());
        }
        if (p.field() != null) {
            json.put("field", p.field());
        }
        json.put("message", p.message());
        return json;
    }

    /** The answer step's search in a workspace, for the simulator. */
    AnswerStep.Articles articles(String workspaceId, String language) {
        return threads.articles(workspaceId, language);
    }
}
