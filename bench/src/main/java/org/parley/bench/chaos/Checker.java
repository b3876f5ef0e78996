package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.bench.ParleyClient;
import org.parley.bench.chaos.History.Entry;

/**
 * After quiescence: compares what every client sent, was acked and received (its history) with what the
 * database holds. Counts, never throws for a violation: every finding is a figure, with a few examples.
 */
final class Checker {
    private static final int EXAMPLES = 5;

    /** The sender, conversation and client_msg_id of one message: the server's idempotency key. */
    record Key(String senderId, String conv, String clientMsgId) {
    }

    /** Everything clients sent and were answered under one key. */
    static final class Sends {
        final String client;
        final Set<String> texts = new HashSet<>();
        final Set<String> conflictTexts = new HashSet<>();
        final List<String> acks = new ArrayList<>();
        boolean priv;

        Sends(String client) {
            this.client = client;
        }
    }

    final Map<String, Long> figures = new LinkedHashMap<>();
    final Map<String, List<String>> examples = new LinkedHashMap<>();
    private final List<VisitorClient> visitors;
    private final List<AgentClient> agents;
    private final Map<Integer, String> workspaceIds;
    private final List<Store.Row> rows;
    private final Map<String, Store.Conversation> conversations;
    private final Map<String, String> agentWorkspaces;
    private final Set<String> loadConversations = new HashSet<>();
    private final Map<Key, Sends> sends = new HashMap<>();
    private final Map<String, Store.Row> rowsById = new HashMap<>();
    private final Map<String, Map<Long, Store.Row>> rowsByConv = new HashMap<>();

    Checker(List<VisitorClient> visitors, List<AgentClient> agents, Map<Integer, String> workspaceIds, List<Store.Row> rows,
            Map<String, Store.Conversation> conversations, Map<String, String> agentWorkspaces) {
        this.visitors = visitors;
        this.agents = agents;
        this.workspaceIds = workspaceIds;
        this.rows = rows;
        this.conversations = conversations;
        this.agentWorkspaces = agentWorkspaces;
        visitors.forEach(v -> loadConversations.add(v.conversationId));
        for (Store.Row row : rows) {
            rowsById.put(row.id(), row);
            rowsByConv.computeIfAbsent(row.conversationId(), c -> new HashMap<>()).put(row.seq(), row);
        }
    }

    void add(String figure, long amount) {
        figures.merge(figure, amount, Long::sum);
    }

    void example(String figure, String text) {
        List<String> list = examples.computeIfAbsent(figure, f -> new ArrayList<>());
        if (list.size() < EXAMPLES) {
            list.add(text);
        }
    }

    Map<String, Long> run() throws IOException {
        for (String name : List.of("messages_acked", "lost", "duplicates_stored", "order_violations", "gaps_delivered",
                "cursor_gaps_delivered", "missing_after_final_resume", "cross_tenant_events", "private_notes_to_visitors",
                "phantoms", "retried_ack_mismatches", "ack_mismatches", "conflicts_accepted", "unexpected_refusals",
                "final_resumes_missing")) {
            figures.put(name, 0L);
        }
        for (VisitorClient v : visitors) {
            collectSends(v, senderOf(v));
        }
        for (AgentClient a : agents) {
            collectSends(a, a.agentId);
        }
        checkDatabase();
        for (VisitorClient v : visitors) {
            new Observer(this, v.history.client(), true, Set.of(v.conversationId), workspaceIds.get(v.workspace))
                    .replay(v.history.entries(), expectedFor(v));
        }
        for (AgentClient a : agents) {
            String ws = workspaceIds.get(a.workspace);
            Set<String> scope = new HashSet<>();
            visitors.stream().filter(v -> v.workspace == a.workspace).forEach(v -> scope.add(v.conversationId));
            new Observer(this, a.history.client(), false, scope, ws).replay(a.history.entries(), expectedFor(scope, false));
        }
        return figures;
    }

    String senderOf(VisitorClient v) {
        Store.Conversation c = conversations.get(v.conversationId);
        return c == null ? "?" : c.contactId();
    }

    private void collectSends(Client client, String senderId) {
        for (Entry e : client.history.entries()) {
            switch (e.type()) {
                case SEND -> {
                    add(e.via().equals("ws") ? "sends_ws" : "sends_rest", 1);
                    if (e.status() != null && e.status() > 1) {
                        add("retries", 1);
                    }
                    Sends s = sends.computeIfAbsent(new Key(senderId, e.conv(), e.id()), k -> new Sends(client.name));
                    s.priv = Boolean.TRUE.equals(e.priv());
                    if (e.kind().equals("CONFLICT")) {
                        s.conflictTexts.add(e.text());
                    } else {
                        s.texts.add(e.text());
                    }
                    if (e.kind().equals("RESEND") && e.status() == 1) {
                        add("resends", 1);
                    }
                    if (e.kind().equals("CONFLICT") && e.status() == 1) {
                        add("conflict_probes", 1);
                    }
                }
                case ACK -> {
                    Sends s = sends.computeIfAbsent(new Key(senderId, e.conv(), e.id()), k -> new Sends(client.name));
                    if (e.kind().equals("CONFLICT")) {
                        add("conflicts_accepted", 1);
                        example("conflicts_accepted", client.name + " " + e.id() + " answered " + e.mid() + " seq " + e.seq());
                    } else {
                        s.acks.add(e.mid() + "#" + e.seq());
                    }
                }
                case ERROR -> {
                    int status = e.status() == null ? 0 : e.status();
                    if (e.id() == null) {
                        // An error frame of the socket, not of a send: a failed resume (issue 10, defect 2) or the like.
                        add("socket_errors", 1);
                        example("socket_errors", client.name + " conn " + e.conn() + " at " + e.atMs() + " ms: " + status
                                + " " + e.name());
                    } else if ("CONFLICT".equals(e.kind()) && status == 409) {
                        add("conflicts_refused", 1);
                    } else if ("no_answer".equals(e.name())) {
                        add("conflict_probes_unanswered", 1);
                    } else if (status >= 500) {
                        add("answers_5xx", 1);
                    } else if (status == 0) {
                        add("send_io_errors", 1);
                    } else if (status != 429) {
                        add("unexpected_refusals", 1);
                        example("unexpected_refusals", client.name + " " + e.id() + " " + status + " " + e.name() + " " + e.text());
                    }
                }
                case READY -> add("connections", 1);
                case CONNECT_FAILED -> add("connect_failures", 1);
                case RESYNC -> add("resyncs", 1);
                default -> { }
            }
        }
    }

    private void checkDatabase() {
        Set<String> ackedIds = new HashSet<>();
        for (Map.Entry<Key, Sends> entry : sends.entrySet()) {
            Sends s = entry.getValue();
            if (s.acks.isEmpty()) {
                continue;
            }
            add("messages_acked", 1);
            String first = s.acks.get(0);
            if (s.acks.stream().distinct().count() > 1) {
                add("retried_ack_mismatches", 1);
                example("retried_ack_mismatches", s.client + " " + entry.getKey().clientMsgId() + " acks " + s.acks);
            }
            String mid = first.substring(0, first.indexOf('#'));
            long seq = Long.parseLong(first.substring(first.indexOf('#') + 1));
            ackedIds.add(mid);
            Store.Row row = rowsById.get(mid);
            if (row == null) {
                add("lost", 1);
                example("lost", s.client + " " + entry.getKey().clientMsgId() + " acked as " + mid + " seq " + seq
                        + " in " + entry.getKey().conv());
            } else if (row.seq() != seq || !row.clientMsgId().equals(entry.getKey().clientMsgId())
                    || !s.texts.contains(row.text())) {
                add("ack_mismatches", 1);
                example("ack_mismatches", s.client + " " + entry.getKey().clientMsgId() + " acked " + first + ", stored seq "
                        + row.seq() + " id " + row.clientMsgId());
            }
        }
        Map<String, Integer> sameContent = new HashMap<>();
        for (Store.Row row : rows) {
            if (!loadConversations.contains(row.conversationId())) {
                continue;
            }
            String content = row.conversationId() + "|" + row.senderId() + "|" + row.text();
            if (sameContent.merge(content, 1, Integer::sum) > 1) {
                add("duplicates_stored", 1);
                example("duplicates_stored", row.id() + " " + content);
            }
            Sends s = sends.get(new Key(row.senderId(), row.conversationId(), row.clientMsgId()));
            if (s != null && s.conflictTexts.contains(row.text())) {
                add("conflicts_accepted", 1);
                example("conflicts_accepted", "stored other content under " + row.clientMsgId());
            } else if (s == null || !s.texts.contains(row.text())) {
                add("phantoms", 1);
                example("phantoms", row.id() + " seq " + row.seq() + " " + row.clientMsgId() + " in " + row.conversationId());
            } else if (!ackedIds.contains(row.id())) {
                add("stored_never_acked", 1); // a send whose every answer was lost: allowed, it was never acked
            }
        }
        for (Store.Conversation c : conversations.values()) {
            Map<Long, Store.Row> seqs = rowsByConv.getOrDefault(c.id(), Map.of());
            long max = seqs.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            long missing = max - seqs.size();
            if (missing > 0 || c.lastSeq() != max) {
                add("order_violations", missing + (c.lastSeq() != max ? 1 : 0));
                example("order_violations", "database: conversation " + c.id() + " has " + seqs.size() + " messages, max seq "
                        + max + ", last_seq " + c.lastSeq());
            }
        }
        add("messages_stored", rows.stream().filter(r -> loadConversations.contains(r.conversationId())).count());
    }

    /** Message ids a visitor may see after its final resume: acked, in its conversation, not private. */
    private Set<String> expectedFor(VisitorClient v) {
        return expectedFor(Set.of(v.conversationId), true);
    }

    private Set<String> expectedFor(Set<String> scope, boolean visitor) {
        Set<String> expected = new HashSet<>();
        sends.forEach((key, s) -> {
            if (!s.acks.isEmpty() && scope.contains(key.conv()) && !(visitor && s.priv)) {
                String first = s.acks.get(0);
                expected.add(first.substring(0, first.indexOf('#')));
            }
        });
        return expected;
    }

    boolean visibleToVisitor(String conv, long seq) {
        Store.Row row = rowsByConv.getOrDefault(conv, Map.of()).get(seq);
        return row != null && !row.priv();
    }

    boolean exists(String conv, long seq) {
        return rowsByConv.getOrDefault(conv, Map.of()).containsKey(seq);
    }

    String workspaceOfConversation(String conv) {
        Store.Conversation c = conversations.get(conv);
        return c == null ? null : c.workspaceId();
    }

    String workspaceOfAgent(String agentId) {
        return agentWorkspaces.get(agentId);
    }

    static JsonNode parse(String json) {
        try {
            return ParleyClient.JSON.readTree(json);
        } catch (IOException e) {
            return ParleyClient.JSON.createObjectNode();
        }
    }
}
