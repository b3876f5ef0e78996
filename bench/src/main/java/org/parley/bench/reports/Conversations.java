package org.parley.bench.reports;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One conversation of {@link RawShop}: 75% started by the visitor, 10% proactive, 15% by a flow (40% resolved by
 * it, half handed to a person); replies after 20 s to half an hour; 80% of human ones resolved, 30% of the
 * resolved rated; reply reach for every reply (15% to a visitor who had left, reached by email or push).
 */
final class Conversations {
    static final String CONVERSATION = "INSERT INTO conversations (id, workspace_id, contact_id, visitor_id, status, "
            + "assignee_id, last_seq, created_at, last_activity_at, first_agent_reply_at, resolved_at, origin) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String FLOW_RUN = "INSERT INTO flow_runs (conversation_id, workspace_id, flow_id, version, status, state, "
            + "started_at, ended_at) VALUES (?, ?, ?, 1, ?, '{}', ?, ?)";
    static final String MESSAGE = "INSERT INTO messages (id, workspace_id, conversation_id, seq, sender_type, sender_id, "
            + "client_msg_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String REACH = "INSERT INTO reply_reach (message_id, workspace_id, conversation_id, contact_id, seq, sent_at, "
            + "visitor_present, notified_via, notified_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String RATING = "INSERT INTO conversation_ratings (conversation_id, workspace_id, contact_id, score, comment, "
            + "agent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private record Message(String type, String sender, long at) {
    }

    private Conversations() {
    }

    static void write(RawShop shop, String contact, String visitor, long at) throws SQLException {
        Random r = shop.random();
        String id = shop.id("cv");
        int kind = r.nextInt(100);
        String origin = kind < 75 ? "visitor" : kind < 85 ? "proactive" : "flow";
        String agent = shop.agent();
        List<Message> messages = new ArrayList<>();
        long t = at;
        String flowStatus = null;
        if (origin.equals("proactive")) {
            messages.add(new Message("AGENT", agent, t));
            t += 10_000 + r.nextInt(120_000);
        }
        messages.add(new Message("CONTACT", contact, t));
        if (origin.equals("flow")) {
            int outcome = r.nextInt(10);
            flowStatus = outcome < 4 ? "resolved" : outcome < 9 ? "handed_off" : "dropped";
            t += 30_000 + r.nextInt(150_000);
        }
        boolean humans = !"resolved".equals(flowStatus) && !"dropped".equals(flowStatus);
        Long firstReply = null;
        if (humans) {
            t += wait(r);
            firstReply = t;
            messages.add(new Message("AGENT", agent, t));
            if (r.nextBoolean()) {
                t += 60_000 + r.nextInt(240_000);
                messages.add(new Message("CONTACT", contact, t));
                t += 30_000 + r.nextInt(270_000);
                messages.add(new Message("AGENT", agent, t));
            }
        }
        boolean resolved = "resolved".equals(flowStatus) || humans && r.nextInt(5) != 0;
        Long resolvedAt = resolved ? t + 120_000 + r.nextInt(3_480_000) : null;
        RawShop.Batches b = shop.batches();
        String ws = shop.ws();
        b.add(CONVERSATION, id, ws, contact, visitor, resolved ? "RESOLVED" : "OPEN", humans ? agent : null,
                (long) messages.size(), at, resolvedAt != null ? resolvedAt : t, firstReply, resolvedAt, origin);
        shop.counts[2]++;
        if (flowStatus != null) {
            b.add(FLOW_RUN, id, ws, shop.flow(), flowStatus, at, at + 30_000 + r.nextInt(150_000));
            shop.counts[6]++;
        }
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String messageId = shop.id("ms");
            b.add(MESSAGE, messageId, ws, id, (long) i + 1, m.type(), m.sender(), "c" + messageId,
                    m.type().equals("AGENT") ? "Thanks for asking! Here is what we can do." : "Hello, a question about my order",
                    m.at());
            shop.counts[3]++;
            if (m.type().equals("AGENT")) {
                boolean present = r.nextInt(100) < 85;
                int via = r.nextInt(10);
                String notified = present || via == 9 ? null : via < 6 ? "email" : "push";
                b.add(REACH, messageId, ws, id, contact, (long) i + 1, m.at(), present, notified,
                        notified == null ? null : m.at() + 60_000, !present && r.nextInt(10) < 3 ? m.at() + 3_600_000 : null);
                shop.counts[4]++;
            }
        }
        if (resolved && r.nextInt(10) < 3) {
            int s = r.nextInt(100);
            int score = s < 55 ? 5 : s < 80 ? 4 : s < 90 ? 3 : s < 95 ? 2 : 1;
            long ratedAt = resolvedAt + 60_000 + r.nextInt(540_000);
            b.add(RATING, id, ws, contact, score, r.nextInt(100) < 15 ? "Quick and friendly, thank you" : null,
                    humans ? agent : null, ratedAt, ratedAt);
            shop.counts[5]++;
        }
    }

    /** A first reply's wait: mostly a minute or two, sometimes half an hour. */
    private static long wait(Random r) {
        double minutes = Math.exp(r.nextGaussian() * 1.1 + 0.4);
        return 20_000 + (long) (Math.min(minutes, 90) * 60_000);
    }
}
