package org.parley.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * A contact with everything Parley can hold about one: two browsers (visitors) with activity (one of them with the
 * loader's analytics id, also before its session), two conversations with messages and a private note, indexed
 * for search, and a row in every other table of privacy.ContactTables (seeded by SQL where no route makes one
 * yet: ratings, notification jobs, push subscriptions, links, flow runs, reply addresses, inbound emails).
 */
record Person(TestServer.Tenant tenant, String contactId, String email, String word, List<TestServer.Visitor> visitors,
              List<String> conversations, String anonId) {
    static final String SHOP = "https://shop.example";

    static Person seed(TestServer server, TestServer.Tenant tenant, String word) {
        TestServer.Visitor first = server.visitor(tenant);
        TestServer.Visitor second = server.visitor(tenant);
        String email = word + "@customer.example";
        sql(server, "UPDATE visitors SET contact_id = ? WHERE id = ?", first.contactId(), second.visitorId());
        sql(server, "UPDATE contacts SET attributes = ? WHERE id = ?", "{\"plan\":\"" + word + "-plan\"}", first.contactId());
        Http.Response named = tenant.agent().http().patch("/api/v1/contacts/" + first.contactId(),
                Map.of("name", "Name " + word, "email", email));
        assertThat(named.status()).as(named.raw()).isEqualTo(200);
        TestServer.Visitor secondAsFirst = new TestServer.Visitor(second.token(), second.visitorId(), first.contactId(),
                second.http());
        String one = server.conversation(first, "Where is my parcel " + word + "?");
        String two = server.conversation(secondAsFirst, "Another question " + word);
        Http.Response note = tenant.agent().http().post("/api/v1/conversations/" + one + "/notes",
                Map.of("client_msg_id", "n-" + UUID.randomUUID(), "text", "Note about " + word));
        assertThat(note.status()).as(note.raw()).isEqualTo(201);
        Http.Response reply = tenant.agent().http().post("/api/v1/conversations/" + one + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", "Reply to " + word));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        for (TestServer.Visitor visitor : List.of(first, second)) {
            server.beacon(tenant, visitor, SHOP + "/" + word + "/" + visitor.visitorId());
        }
        String anonId = "anon-" + word;
        long now = System.currentTimeMillis();
        String ws = tenant.workspace().id();
        String insertActivity = "INSERT INTO visitor_activity (id, workspace_id, visitor_id, anon_id, kind, url, occurred_at, "
                + "received_at) VALUES (?, ?, ?, ?, 'page_view', ?, ?, ?)";
        sql(server, insertActivity, UUID.randomUUID().toString(), ws, first.visitorId(), anonId, SHOP + "/with-anon", now, now);
        sql(server, insertActivity, UUID.randomUUID().toString(), ws, null, anonId, SHOP + "/before-session", now, now);
        sql(server, "INSERT INTO conversation_ratings (conversation_id, workspace_id, contact_id, score, comment, created_at, "
                + "updated_at) VALUES (?, ?, ?, 4, ?, ?, ?)", one, ws, first.contactId(), "Rated by " + word, now, now);
        sql(server, "INSERT INTO notification_jobs (id, workspace_id, conversation_id, contact_id, visitor_id, channel, "
                + "status, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'email', 'pending', ?, ?, ?)",
                UUID.randomUUID().toString(), ws, one, first.contactId(), first.visitorId(), now + 600_000, now, now);
        sql(server, "INSERT INTO notification_watermarks (conversation_id, channel, workspace_id, seq, updated_at) "
                + "VALUES (?, 'email', ?, 1, ?)", one, ws, now);
        sql(server, "INSERT INTO reply_reach (message_id, workspace_id, conversation_id, contact_id, seq, sent_at, "
                + "visitor_present) VALUES (?, ?, ?, ?, 3, ?, ?)", UUID.randomUUID().toString(), ws, one, first.contactId(),
                now, false);
        sql(server, "INSERT INTO reply_addresses (token_hash, workspace_id, conversation_id, contact_id, visitor_id, email, "
                + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ra-" + word, ws, one, first.contactId(),
                first.visitorId(), email, now, now + 600_000);
        sql(server, "INSERT INTO inbound_emails (id, workspace_id, conversation_id, status, from_address, raw, created_at) "
                + "VALUES (?, ?, ?, 'attached', ?, ?, ?)", UUID.randomUUID().toString(), ws, one, email, "Subject: " + word, now);
        sql(server, "INSERT INTO push_subscriptions (id, workspace_id, contact_id, endpoint, p256dh, auth, created_at) "
                + "VALUES (?, ?, ?, ?, 'key', 'secret', ?)", UUID.randomUUID().toString(), ws, first.contactId(),
                "https://push.example/" + word, now);
        sql(server, "INSERT INTO push_links (token_hash, workspace_id, contact_id, conversation_id, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", "pl-" + word, ws, first.contactId(), one, now, now + 600_000);
        sql(server, "INSERT INTO customer_links (token_hash, email, contact_id, workspace_id, conversation_id, purpose, "
                + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'continue', ?, ?)", "cl-" + word, email, first.contactId(),
                ws, one, now, now + 600_000);
        sql(server, "INSERT INTO flow_runs (conversation_id, workspace_id, flow_id, version, status, state, started_at) "
                + "VALUES (?, ?, 'flow-x', 1, 'running', ?, ?)", two, ws, "{\"answers\":{\"size\":\"" + word + "\"}}", now);
        Http.Response found = tenant.agent().http().get("/api/v1/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8));
        assertThat(found.status()).as(found.raw()).isEqualTo(200);
        assertThat(found.body().get("conversations")).as("indexed for search: %s", found.raw()).isNotEmpty();
        return new Person(tenant, first.contactId(), email, word, List.of(first, second), List.of(one, two), anonId);
    }

    /** This person's rows per table, each found by its ids (contact, visitors, conversations, anon id, email). */
    Map<String, Long> rows(TestServer server) {
        String ws = tenant.workspace().id();
        String c1 = conversations.get(0);
        String c2 = conversations.get(1);
        String v1 = visitors.get(0).visitorId();
        String v2 = visitors.get(1).visitorId();
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("contacts", server.count("SELECT COUNT(*) FROM contacts WHERE id = ?", contactId));
        rows.put("visitors", server.count("SELECT COUNT(*) FROM visitors WHERE id IN (?, ?)", v1, v2));
        rows.put("visitor_activity", server.count("SELECT COUNT(*) FROM visitor_activity WHERE visitor_id IN (?, ?) "
                + "OR anon_id = ?", v1, v2, anonId));
        for (String table : List.of("conversations")) {
            rows.put(table, server.count("SELECT COUNT(*) FROM " + table + " WHERE id IN (?, ?)", c1, c2));
        }
        for (String table : List.of("messages", "notification_jobs", "notification_watermarks", "reply_reach",
                "reply_addresses", "inbound_emails", "push_links", "customer_links", "conversation_ratings", "flow_runs",
                "workspace_events")) {
            rows.put(table, server.count("SELECT COUNT(*) FROM " + table + " WHERE conversation_id IN (?, ?)", c1, c2));
        }
        rows.put("push_subscriptions", server.count("SELECT COUNT(*) FROM push_subscriptions WHERE contact_id = ?", contactId));
        rows.put("customer_links_by_email", server.count("SELECT COUNT(*) FROM customer_links WHERE email = ?", email));
        rows.put("contact_events", server.count("SELECT COUNT(*) FROM workspace_events WHERE workspace_id = ? "
                + "AND agent_payload LIKE ?", ws, "%" + email + "%"));
        if (server.database().equals("sqlite")) {
            rows.put("message_search", server.count("SELECT COUNT(*) FROM message_search WHERE conversation_id IN (?, ?)", c1, c2));
        }
        return rows;
    }

    static void sql(TestServer server, String sql, Object... args) {
        server.execute(sql, args);
    }
}
