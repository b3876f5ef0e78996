package org.parley.bot;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.parley.conversation.Conversation;
import org.parley.conversation.ThreadControl;
import org.parley.conversation.ThreadOwner;
import org.parley.http.Json;
import org.parley.kb.KbService;
import org.parley.storage.Database;
import org.parley.workspace.BusinessHours;
import org.parley.workspace.WorkspaceService;
import org.slf4j.LoggerFactory;

/**
 * The bots' side of thread ownership, called inside the conversation's transactions: which flow (if any) owns
 * a conversation from its start, recording its run; which flow may take a thread back; and a run's end when the
 * humans take over. Also reads what triggers and branches look at (page, ref, language, business hours).
 */
public final class FlowThreads implements ThreadControl {
    /** A fresh run's turn is due at once; if the node dies before taking it, the wake-up job does after this. */
    static final long START_GRACE_MS = 5_000;

    private final Clock clock;
    private final WorkspaceService workspaces;
    private final FlowRepository repository = new FlowRepository();
    /** Published versions never change, so their parsed form is kept. */
    private final Map<String, FlowDefinition> published = new ConcurrentHashMap<>();

    private final Database db;
    private final KbService kb;

    public FlowThreads(Database db, Clock clock, WorkspaceService workspaces, KbService kb) {
        this.db = db;
        this.clock = clock;
        this.workspaces = workspaces;
        this.kb = kb;
    }

    @Override
    public String ownerAtStart(Conversation conversation, boolean withFirstMessage) {
        return db.read(h -> {
            List<Flow> flows = repository.list(h, conversation.workspaceId());
            if (flows.stream().noneMatch(f -> f.enabled() && f.publishedVersion() != null)) {
                return ThreadOwner.HUMANS;
            }
            FlowEngine.Context context = context(h, conversation);
            for (Flow flow : flows) {
                if (!flow.enabled() || flow.publishedVersion() == null) {
                    continue;
                }
                FlowDefinition definition = definition(h, conversation.workspaceId(), flow.id(), flow.publishedVersion());
                if (definition != null && triggers(definition.trigger(), context, withFirstMessage)) {
                    return ThreadOwner.flow(flow.id(), flow.publishedVersion());
                }
            }
            return ThreadOwner.HUMANS;
        });
    }

    @Override
    public void started(Handle h, Conversation conversation) {
        long now = clock.millis();
        String flowId = ThreadOwner.flowId(conversation.owner());
        int version = ThreadOwner.version(conversation.owner());
        repository.insertRun(h, new FlowRun(conversation.id(), conversation.workspaceId(), flowId, version, FlowRun.RUNNING,
                null, Json.write(FlowEngine.State.fresh()), null, now, null, now + START_GRACE_MS, 0));
        FlowDefinition definition = definition(h, conversation.workspaceId(), flowId, version);
        if (definition != null && List.of("page", "ref").contains(definition.trigger().type())) {
            // The flow opened this conversation on its own (docs/analytics.md: conversations by origin).
            h.createUpdate("UPDATE conversations SET origin = 'flow' WHERE workspace_id = :ws AND id = :id")
                    .bind("ws", conversation.workspaceId()).bind("id", conversation.id()).execute();
        }
    }

    static boolean triggers(FlowDefinition.Trigger trigger, FlowEngine.Context context, boolean withFirstMessage) {
        return switch (trigger.type()) {
            case "conversation_started" -> true;
            case "first_message" -> withFirstMessage;
            case "page" -> context.pageUrl() != null && (Wildcard.matches(trigger.urlPattern(), context.pageUrl())
                    || Wildcard.matches(trigger.urlPattern(), path(context.pageUrl())));
            case "ref" -> context.ref() != null && context.ref().equalsIgnoreCase(trigger.ref());
            case "outside_hours" -> !context.open();
            default -> false;
        };
    }

    private static String path(String url) {
        try {
            String path = java.net.URI.create(url).getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    @Override
    public Optional<String> resumable(Handle h, Conversation conversation) {
        // A run that reached its end (its hand-off step, the end of the flow, a resolve) has nothing left to ask.
        return repository.findRun(h, conversation.workspaceId(), conversation.id())
                .filter(run -> run.reason() == null || !FINISHED.contains(run.reason()))
                .map(FlowRun::owner);
    }

    private static final java.util.Set<String> FINISHED = java.util.Set.of("handoff", "flow_ended", "resolved",
            "kb_answered");

    @Override
    public void ownerChanged(Handle h, Conversation conversation, String from, String to, String reason, long now) {
        if (!ThreadOwner.isFlow(to)) {
            // The run's own hand-offs end it in its turn; here the humans (or an app) took it, or a timeout did.
            String status = reason.equals("timeout") ? "dropped" : "handed_off";
            Optional<FlowRun> run = repository.findRun(h, conversation.workspaceId(), conversation.id());
            if (run.isPresent() && run.get().status().equals(FlowRun.RUNNING)) {
                repository.setStatus(h, conversation.workspaceId(), conversation.id(), status, reason, now);
            }
        } else {
            repository.setStatus(h, conversation.workspaceId(), conversation.id(), FlowRun.RUNNING, null, null);
        }
    }

    FlowDefinition definition(Handle h, String workspaceId, String flowId, int version) {
        String key = flowId + ":" + version;
        FlowDefinition cached = published.get(key);
        if (cached != null) {
            return cached;
        }
        FlowDefinition parsed = repository.definition(h, workspaceId, flowId, version)
                .map(json -> FlowParser.parse(Json.tree(json)).definition()).orElse(null);
        if (parsed != null) {
            published.put(key, parsed);
        }
        return parsed;
    }

    /** What the flow sees of the visitor and the workspace now. */
    FlowEngine.Context context(Handle h, Conversation conversation) {
        String ws = conversation.workspaceId();
        var page = h.createQuery("SELECT url FROM visitor_activity WHERE workspace_id = :ws AND visitor_id = :v "
                        + "AND kind = 'page_view' ORDER BY occurred_at DESC, id DESC LIMIT 1")
                .bind("ws", ws).bind("v", conversation.visitorId()).mapTo(String.class).findOne().orElse(null);
        var ref = h.createQuery("SELECT ref FROM visitor_activity WHERE workspace_id = :ws AND visitor_id = :v "
                        + "AND ref IS NOT NULL ORDER BY occurred_at DESC, id DESC LIMIT 1")
                .bind("ws", ws).bind("v", conversation.visitorId()).mapTo(String.class).findOne().orElse(null);
        var contact = h.createQuery("SELECT locale, attributes FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("ws", ws).bind("id", conversation.contactId())
                .map((rs, ctx) -> Map.entry(rs.getString(1) == null ? "" : rs.getString(1), rs.getString(2)))
                .findOne().orElse(Map.entry("", "{}"));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = Json.parse(contact.getValue(), Map.class);
        BusinessHours hours = workspaces.require(ws).settings().businessHours();
        String language = language(contact.getKey());
        return new FlowEngine.Context(Instant.ofEpochMilli(clock.millis()), page, ref, language, attributes, hours,
                articles(ws, language));
    }

    /** The answer step's search over the workspace's published articles, in {@code language} when it has some. */
    AnswerStep.Articles articles(String workspaceId, String language) {
        return (question, max) -> {
            try {
                return kb.suggest(workspaceId, question, language, max).stream()
                        .map(s -> new AnswerStep.Article(s.id(), s.title(), s.excerpt(), s.url())).toList();
            } catch (RuntimeException e) {
                // A search that fails must not leave the visitor waiting: no article, so a person takes over.
                LoggerFactory.getLogger(FlowThreads.class).warn("knowledge base search failed: {}", e.toString());
                return List.of();
            }
        };
    }

    private static String language(String locale) {
        return locale.isEmpty() ? null : locale.split("[-_]")[0].toLowerCase(java.util.Locale.ROOT);
    }
}
