package org.parley.analytics;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.parley.workspace.BusinessHours;

/**
 * The conversation family of one hour from raw rows. Conversations are filed by the hour they started
 * (started, by origin, engaged visitors, first response, resolution, flow outcomes); ratings by the hour they
 * were given; replies' reach by the hour they were sent.
 *
 * <p>First response: from the visitor's first message, or from the hand-off when a flow had the thread, to
 * the first reply of a person after it. Resolution: from the start to the resolution of a conversation
 * resolved now. Both count only open hours when the workspace has business hours.
 */
final class ConversationFacts {
    static final List<String> METRICS = List.of("started", "by_visitor", "by_proactive", "by_flow", "engaged",
            "first_response", "resolution", "flow_started", "contained", "handed_off", "ratings", "satisfied", "score",
            "replies", "seen_live", "replies_to_absent", "by_push", "by_email", "answered");

    record Started(String id, String visitorId, String origin, String assignee, long createdAt, Long resolvedAt,
                           String status, String flow, String flowStatus, Long flowEndedAt) {
    }

    private record Message(String senderType, String senderId, long at) {
    }

    /**
     * Where a conversation started, kept in report_conversations once known (see the migration V23), and its first
     * response once settled: when the visitor first wrote ({@code askedAt}), when the wait began ({@code waitFrom}:
     * then, or the flow's hand-off), and the first reply of a person after it. A settled first response is never
     * read from the messages again (a busy hour's conversations are not re-read every round).
     */
    record Start(String conversationId, String page, String source, String device, long browserHash, Long askedAt,
                 Long waitFrom, Long repliedAt, String replier) {
        boolean settled(Started c) {
            return repliedAt != null && !"running".equals(c.flowStatus());
        }

        Start withFirstResponse(Long asked, Long wait, Long replied, String by) {
            return new Start(conversationId, page, source, device, browserHash, asked, wait, replied, by);
        }
    }

    private ConversationFacts() {
    }

    static RollupRows compute(Handle h, String workspaceId, long hour, BusinessHours hours) {
        long end = hour + 3_600_000L;
        RollupRows rows = new RollupRows();
        List<Started> started = h.createQuery("""
                        SELECT c.id, c.visitor_id, c.origin, c.assignee_id, c.created_at, c.resolved_at, c.status,
                               r.flow_id, r.status, r.ended_at
                        FROM conversations c LEFT JOIN flow_runs r ON r.conversation_id = c.id
                        WHERE c.workspace_id = :ws AND c.created_at >= :from AND c.created_at < :to""")
                .bind("ws", workspaceId).bind("from", hour).bind("to", end)
                .map((rs, ctx) -> new Started(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), nullableLong(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9),
                        nullableLong(rs, 10)))
                .list();
        java.util.Map<String, Start> known = new java.util.HashMap<>();
        if (!started.isEmpty()) {
            h.createQuery("SELECT conversation_id, page, source, device, browser_hash, asked_at, wait_from, replied_at, replier "
                            + "FROM report_conversations WHERE conversation_id IN (<ids>)")
                    .bindList("ids", started.stream().map(Started::id).toList())
                    .map((rs, ctx) -> known.put(rs.getString(1), new Start(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), nullableLong(rs, 6), nullableLong(rs, 7), nullableLong(rs, 8),
                            rs.getString(9)))).list();
        }
        for (Started c : started) {
            Start start = known.get(c.id());
            if (start == null) {
                PageViews.Filed at = startPage(h, workspaceId, c);
                start = new Start(c.id(), at == null ? null : at.page(), at == null ? null : at.source(),
                        at == null ? null : at.device(), VisitorSketch.hash(browserOf(h, workspaceId, c.visitorId())),
                        null, null, null, null);
            }
            if (!start.settled(c)) {
                Start now = firstResponse(h, start, c);
                if (!now.equals(start) || !known.containsKey(c.id())) {
                    rows.started(now);
                }
                start = now;
            }
            conversation(rows, c, start, hours);
        }
        ratings(h, workspaceId, rows, hour, end);
        reach(h, workspaceId, rows, hour, end);
        return rows;
    }

    /**
     * The first response as the messages tell it now: the visitor's first message (read once, then kept), the wait,
     * and a person's first reply after it. Each is one indexed read that stops at its first row; only the rows
     * between are skipped by the database, never shipped here.
     */
    private static Start firstResponse(Handle h, Start start, Started c) {
        Long asked = start.askedAt() != null ? start.askedAt() : h.createQuery("""
                        SELECT created_at FROM messages WHERE conversation_id = :c AND sender_type = 'CONTACT'
                          AND is_private = FALSE ORDER BY seq LIMIT 1""")
                .bind("c", c.id()).mapTo(Long.class).findOne().orElse(null);
        if (asked == null) {
            return start;
        }
        long waitFrom = c.flowEndedAt() != null && c.flowStatus() != null && !c.flowStatus().equals("resolved")
                ? Math.max(asked, c.flowEndedAt()) : asked;
        Message reply = h.createQuery("""
                        SELECT sender_type, sender_id, created_at FROM messages WHERE conversation_id = :c
                          AND sender_type = 'AGENT' AND is_private = FALSE AND created_at >= :from ORDER BY seq LIMIT 1""")
                .bind("c", c.id()).bind("from", waitFrom)
                .map((rs, ctx) -> new Message(rs.getString(1), rs.getString(2), rs.getLong(3))).findOne().orElse(null);
        return start.withFirstResponse(asked, waitFrom, reply == null ? null : reply.at(),
                reply == null ? null : reply.senderId());
    }

    private static void conversation(RollupRows rows, Started c, Start start, BusinessHours hours) {
        List<RollupRows.Dim> dims = new ArrayList<>();
        dims.add(new RollupRows.Dim("origin", c.origin()));
        dims.add(new RollupRows.Dim("agent", c.assignee()));
        dims.add(new RollupRows.Dim("flow", c.flow()));
        dims.add(new RollupRows.Dim("page", start.page()));
        dims.add(new RollupRows.Dim("source", start.source()));
        dims.add(new RollupRows.Dim("device", start.device()));
        rows.count("started", 1, dims);
        rows.count("by_" + c.origin(), 1, dims);
        if (c.flow() != null) {
            rows.count("flow_started", 1, dims);
            switch (c.flowStatus()) {
                case "resolved" -> rows.count("contained", 1, dims);
                case "running", "dropped" -> { }
                default -> rows.count("handed_off", 1, dims);
            }
        }
        if (start.askedAt() != null) {
            rows.visitor("engaged", start.browserHash(), dims);
            if (start.repliedAt() != null) {
                List<RollupRows.Dim> byReplier = new ArrayList<>(dims);
                byReplier.set(1, new RollupRows.Dim("agent", start.replier()));
                rows.duration("first_response", waited(hours, start.waitFrom(), start.repliedAt()), byReplier);
            }
        }
        if ("RESOLVED".equals(c.status()) && c.resolvedAt() != null) {
            rows.duration("resolution", waited(hours, c.createdAt(), c.resolvedAt()), dims);
        }
    }

    /** The page the visitor was on when the conversation started, filed with its visit's source. */
    private static PageViews.Filed startPage(Handle h, String workspaceId, Started c) {
        List<PageViews.Raw> events = h.createQuery("""
                        SELECT url, referrer, utm, ref, user_agent, occurred_at FROM visitor_activity
                        WHERE workspace_id = :ws AND visitor_id = :v AND kind = 'page_view'
                          AND occurred_at >= :from AND occurred_at <= :at ORDER BY occurred_at, id""")
                .bind("ws", workspaceId).bind("v", c.visitorId()).bind("from", c.createdAt() - ActivityFacts.LOOKBACK)
                .bind("at", c.createdAt())
                .map((rs, ctx) -> new PageViews.Raw("v:" + c.visitorId(), c.visitorId(), "page_view", rs.getString(1),
                        rs.getString(2), ActivityFacts.strings(rs.getString(3)), rs.getString(4), null, null, rs.getString(5),
                        rs.getLong(6)))
                .list();
        List<PageViews.Filed> filed = PageViews.file(events);
        return filed.isEmpty() ? null : filed.get(filed.size() - 1);
    }

    /** The key the visitor's browser is counted under among visitors: its analytics id when known. */
    private static String browserOf(Handle h, String workspaceId, String visitorId) {
        return h.createQuery("SELECT anon_id FROM visitor_activity WHERE workspace_id = :ws AND visitor_id = :v "
                        + "AND anon_id IS NOT NULL ORDER BY occurred_at LIMIT 1")
                .bind("ws", workspaceId).bind("v", visitorId).mapTo(String.class).findOne().orElse("v:" + visitorId);
    }

    private static void ratings(Handle h, String workspaceId, RollupRows rows, long hour, long end) {
        h.createQuery("SELECT score, agent_id FROM conversation_ratings WHERE workspace_id = :ws "
                        + "AND created_at >= :from AND created_at < :to")
                .bind("ws", workspaceId).bind("from", hour).bind("to", end)
                .map((rs, ctx) -> {
                    int score = rs.getInt(1);
                    List<RollupRows.Dim> dims = List.of(new RollupRows.Dim("agent", rs.getString(2)));
                    rows.count("ratings", score, dims);
                    if (score >= 4) {
                        rows.count("satisfied", 1, dims);
                    }
                    rows.duration("score", score, dims);
                    return score;
                }).list();
    }

    private static void reach(Handle h, String workspaceId, RollupRows rows, long hour, long end) {
        h.createQuery("""
                        SELECT r.visitor_present, r.notified_via, r.answered_at, m.sender_id FROM reply_reach r
                        LEFT JOIN messages m ON m.id = r.message_id
                        WHERE r.workspace_id = :ws AND r.sent_at >= :from AND r.sent_at < :to""")
                .bind("ws", workspaceId).bind("from", hour).bind("to", end)
                .map((rs, ctx) -> {
                    boolean present = rs.getBoolean(1);
                    String via = rs.getString(2);
                    rs.getLong(3);
                    boolean answered = !rs.wasNull();
                    List<RollupRows.Dim> dims = List.of(new RollupRows.Dim("agent", rs.getString(4)));
                    rows.count("replies", 1, dims);
                    if (present) {
                        rows.count("seen_live", 1, dims);
                        return 0;
                    }
                    rows.count("replies_to_absent", 1, dims);
                    if (via != null && via.contains("push")) {
                        rows.count("by_push", 1, dims);
                    }
                    if (via != null && via.contains("email")) {
                        rows.count("by_email", 1, dims);
                    }
                    if (answered) {
                        rows.count("answered", 1, dims);
                    }
                    return 0;
                }).list();
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** Seconds from one instant to the other, counting only open hours when the workspace has business hours. */
    static long waited(BusinessHours hours, long fromMillis, long toMillis) {
        if (toMillis <= fromMillis) {
            return 0;
        }
        boolean open = hours != null && hours.days() != null && !hours.days().isEmpty();
        return open ? hours.openSeconds(fromMillis, toMillis) : (toMillis - fromMillis) / 1000;
    }
}
