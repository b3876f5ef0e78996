package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.bench.chaos.History.Entry;

/**
 * Replays one client's history as its de-duplicated stream: per conversation the messages it has (by id and
 * seq) and the newest seq, for agents the newest workspace cursor. Counts what a client may never see: a
 * message arriving over a visible one it never got (a gap), out of seq order, two ids for one seq, events of
 * a conversation or workspace that are not its own, private notes on a visitor socket; and at the end, the
 * acked messages it may see but does not have after its final resume.
 */
final class Observer {
    private final Checker checker;
    private final String client;
    private final boolean visitor;
    private final Set<String> scope;
    private final String workspaceId;
    private final Map<String, Map<Long, String>> have = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Long> newest = new HashMap<>();
    private final Set<String> resyncing = new HashSet<>();
    private boolean resyncingAll;
    private long cursor = -1;
    private boolean finalRequested;
    private boolean finalDone;
    /** This connection sent its resume; events came before it (the 3 s hold ended), so its replay must fill in. */
    private boolean resumeSent;
    private boolean early;
    private final Set<Long> cursorsSeen = new HashSet<>();
    private long cursorFloor = -1;

    Observer(Checker checker, String client, boolean visitor, Set<String> scope, String workspaceId) {
        this.checker = checker;
        this.client = client;
        this.visitor = visitor;
        this.scope = scope;
        this.workspaceId = workspaceId;
    }

    void replay(List<Entry> entries, Set<String> expected) {
        for (Entry e : entries) {
            switch (e.type()) {
                case READY -> {
                    ready(Checker.parse(e.name()));
                    resumeSent = false;
                    early = false;
                }
                case RESUME -> resumeSent = true;
                case BASE -> {
                    cursor = e.cursor();
                    cursorFloor = cursor;
                    cursorsSeen.clear();
                    resyncingAll = false;
                }
                case RESYNC -> {
                    if (visitor && e.conv() != null) {
                        resyncing.add(e.conv());
                        newest.put(e.conv(), 0L);
                    } else {
                        resyncingAll = true;
                    }
                }
                case RELOAD -> {
                    if (scope.contains(e.conv()) && !ids.contains(e.mid())) {
                        String other = have.computeIfAbsent(e.conv(), c -> new HashMap<>()).put(e.seq(), e.mid());
                        if (other != null && !other.equals(e.mid())) {
                            violation("order_violations", "seq " + e.seq() + " of " + e.conv() + " reloaded as " + e.mid()
                                    + ", received before as " + other);
                        }
                        ids.add(e.mid());
                    }
                }
                case RELOAD_DONE -> {
                    newest.merge(e.conv(), e.seq(), Math::max);
                    resyncing.remove(e.conv());
                }
                case OTHER -> other(e);
                case RESUMED -> {
                    finalDone |= finalRequested;
                    if (early) {
                        replayFilledIn(e);
                        early = false;
                    }
                }
                case EVENT -> event(e);
                default -> { }
            }
        }
        long missing = expected.stream().filter(id -> !ids.contains(id)).count();
        checker.add("missing_after_final_resume", missing);
        expected.stream().filter(id -> !ids.contains(id)).limit(2)
                .forEach(id -> checker.example("missing_after_final_resume", client + " lacks " + id));
        if (!finalDone) {
            violation("final_resumes_missing", "no resumed after the final resume request");
        }
    }

    private void ready(JsonNode ready) {
        if (visitor) {
            for (JsonNode c : ready.path("conversations")) {
                if (!scope.contains(c.path("id").asText())) {
                    violation("cross_tenant_events", "ready lists conversation " + c.path("id").asText());
                }
            }
        } else if (!workspaceId.equals(ready.path("workspace_id").asText())) {
            violation("cross_tenant_events", "ready of workspace " + ready.path("workspace_id").asText());
        }
    }

    private void other(Entry e) {
        switch (e.name()) {
            case "final-resume" -> finalRequested = true;
            case "nemesis-drop" -> { }
            case "presence" -> {
                if (visitor || !workspaceId.equals(checker.workspaceOfAgent(e.id()))) {
                    violation("cross_tenant_events", "presence of agent " + e.id());
                }
            }
            case "visitor_presence" -> {
                if (visitor || !workspaceId.equals(checker.workspaceOfAgent(e.id()))) {
                    violation("cross_tenant_events", "visitor_presence of contact " + e.id());
                }
            }
            case "conversation-mismatch" -> {
                if (!mayOpen(e.conv())) {
                    violation("cross_tenant_events", "event carrying a message of " + e.conv());
                }
            }
            default -> violation("unexpected_frames", "frame " + e.name());
        }
    }

    private boolean mayOpen(String conv) {
        return visitor ? scope.contains(conv) : workspaceId.equals(checker.workspaceOfConversation(conv));
    }

    /**
     * Events came live before this connection's resume (allowed after 3 s without one), so the stream was
     * judged leniently until {@code resumed}: now everything up to the newest received must be there.
     */
    private void replayFilledIn(Entry resumed) {
        if (!visitor && !resyncingAll) {
            long holes = 0;
            for (long c = cursorFloor + 1; c <= cursor; c++) {
                if (!cursorsSeen.contains(c)) {
                    holes++;
                }
            }
            if (holes > 0) {
                checker.add("cursor_gaps_delivered", holes);
                checker.example("cursor_gaps_delivered", client + " conn " + resumed.conn() + ": " + holes
                        + " events missing after the replay that followed early live events");
            }
        }
        for (String conv : scope) {
            if (resyncing.contains(conv)) {
                continue;
            }
            Map<Long, String> seqs = have.getOrDefault(conv, Map.of());
            long holes = 0;
            for (long s = 1; s <= newest.getOrDefault(conv, 0L); s++) {
                if (!seqs.containsKey(s) && (visitor ? checker.visibleToVisitor(conv, s) : checker.exists(conv, s))) {
                    holes++;
                }
            }
            if (holes > 0) {
                checker.add("gaps_delivered", holes);
                checker.example("gaps_delivered", client + " conn " + resumed.conn() + ": " + holes + " messages of " + conv
                        + " missing after the replay that followed early live events");
            }
        }
    }

    private void event(Entry e) {
        String conv = e.conv();
        if (conv != null && !mayOpen(conv)) {
            violation("cross_tenant_events", e.name() + " of conversation " + conv);
            return;
        }
        if (!resumeSent && !early) {
            early = true;
        }
        if (!resumeSent) {
            checker.add("events_before_resume", 1);
        }
        if (!visitor && e.cursor() != null) {
            long c = e.cursor();
            cursorsSeen.add(c);
            if (cursor >= 0 && c <= cursor) {
                checker.add("events_redelivered", 1);
            } else if (early) {
                // judged when resumed arrives
            } else if (cursor >= 0 && c > cursor + 1 && !resyncingAll) {
                checker.add("cursor_gaps_delivered", c - cursor - 1);
                checker.example("cursor_gaps_delivered", client + " conn " + e.conn() + " got cursor " + c + " after " + cursor);
            }
            cursor = Math.max(cursor, c);
        }
        if (!"message.created".equals(e.name()) || !scope.contains(conv)) {
            return;
        }
        if (visitor && Boolean.TRUE.equals(e.priv())) {
            violation("private_notes_to_visitors", "note " + e.mid() + " of " + conv);
        }
        if (ids.contains(e.mid())) {
            checker.add("messages_redelivered", 1);
            return;
        }
        Map<Long, String> seqs = have.computeIfAbsent(conv, c -> new HashMap<>());
        long max = newest.getOrDefault(conv, 0L);
        long seq = e.seq();
        if (seqs.containsKey(seq)) {
            violation("order_violations", "seq " + seq + " of " + conv + " received as " + e.mid() + " and " + seqs.get(seq));
        } else if (early) {
            // judged when resumed arrives: the replay brings what these live events went past
        } else if (seq < max) {
            violation("order_violations", "conn " + e.conn() + " seq " + seq + " of " + conv + " after seq " + max);
        } else if (seq > max + 1 && !resyncing.contains(conv)) {
            long skipped = 0;
            for (long s = max + 1; s < seq; s++) {
                if (!seqs.containsKey(s) && (visitor ? checker.visibleToVisitor(conv, s) : checker.exists(conv, s))) {
                    skipped++;
                }
            }
            if (skipped > 0) {
                checker.add("gaps_delivered", skipped);
                checker.example("gaps_delivered", client + " conn " + e.conn() + " at " + e.atMs() + " ms got seq " + seq
                        + " of " + conv + " after seq " + max + " (" + skipped + " visible skipped)");
            }
        }
        seqs.put(seq, e.mid());
        ids.add(e.mid());
        newest.put(conv, Math.max(max, seq));
    }

    private void violation(String figure, String example) {
        checker.add(figure, 1);
        checker.example(figure, client + ": " + example);
    }
}
