package org.parley.privacy;

import java.util.List;

/**
 * Every table that holds rows of a contact, in the order a deletion must go (rows that point at others first, for the
 * foreign keys), with which rows are the contact's and what of them the export shows. docs/privacy.md lists every
 * table of every migration, including the ones that are kept and why; a new table with a contact's data goes here
 * and there. Secrets (token digests, a browser's push keys) are deleted, never exported.
 */
final class ContactTables {
    /**
     * {@code condition} selects the contact's rows (see {@link ContactScope#sql}); {@code exported} is the select list
     * of the export, or null for rows that are deleted but not exported (an index, or the inbox's copies of rows that
     * are exported). {@code sqliteOnly}: the table exists only on SQLite.
     */
    record Table(String name, String condition, String exported, boolean sqliteOnly) {
    }

    private static final String BY_CONVERSATION = "workspace_id = :ws AND conversation_id IN (:conversations)";
    private static final String BY_CONTACT_OR_CONVERSATION =
            "workspace_id = :ws AND (contact_id = :contact OR conversation_id IN (:conversations))";

    /** The contact's files (docs/files.md): in its conversations, or uploaded by it and never sent. */
    static final String FILES = "workspace_id = :ws AND (conversation_id IN (:conversations) "
            + "OR (uploader_type = 'CONTACT' AND uploader_id = :contact))";

    static final List<Table> ALL = List.of(
            // Their bytes are queued for deletion from the file store first (ContactDeletion); the export has the
            // rows here and, as a ZIP, the bytes.
            new Table("files", FILES, "id, conversation_id, message_id, is_private, name, content_type, kind, size, "
                    + "width, height, sha256, created_at, attached_at, removed_at", false),
            // SQLite's full-text index of message texts (V6, V11); PostgreSQL indexes messages.text itself.
            new Table("message_search", "workspace_id = :ws AND conversation_id IN (:conversations)", null, true),
            new Table("messages", BY_CONVERSATION, "id, conversation_id, seq, sender_type, sender_id, sender_name, "
                    + "client_msg_id, text, content, is_private, created_at", false),
            new Table("notification_jobs", BY_CONTACT_OR_CONVERSATION, "id, conversation_id, visitor_id, channel, "
                    + "status, due_at, attempts, through_seq, last_error, created_at, updated_at", false),
            new Table("notification_watermarks", BY_CONVERSATION, "conversation_id, channel, seq, updated_at", false),
            new Table("reply_reach", BY_CONTACT_OR_CONVERSATION, "message_id, conversation_id, seq, sent_at, "
                    + "visitor_present, notified_via, notified_at, answered_at", false),
            new Table("reply_addresses", BY_CONTACT_OR_CONVERSATION,
                    "conversation_id, visitor_id, email, created_at, expires_at", false),
            new Table("inbound_emails", "conversation_id IN (:conversations) "
                    + "OR (workspace_id = :ws AND LOWER(from_address) = :email)", "id, conversation_id, status, reason, "
                    + "from_address, message_id_header, message_id, raw, created_at", false),
            new Table("push_links", BY_CONTACT_OR_CONVERSATION, "conversation_id, created_at, expires_at, used_at", false),
            new Table("customer_links", "contact_id = :contact OR (workspace_id = :ws AND email = :email)",
                    "email, conversation_id, purpose, created_at, expires_at, used_at", false),
            new Table("push_subscriptions", "workspace_id = :ws AND contact_id = :contact",
                    "id, endpoint, created_at, last_success_at", false),
            new Table("conversation_ratings", BY_CONTACT_OR_CONVERSATION,
                    "conversation_id, score, comment, agent_id, created_at, updated_at", false),
            // Where each conversation started, kept for the reports (analytics, V23): a page, a source and a hash.
            new Table("report_conversations", "workspace_id = :ws AND conversation_id IN (:conversations)", null, false),
            new Table("flow_runs", BY_CONVERSATION, "conversation_id, flow_id, version, status, step, state, reason, "
                    + "started_at, ended_at", false),
            // Webhook deliveries (docs/webhooks.md): the bodies sent are copies of those events; their attempts go
            // with them (ON DELETE CASCADE).
            new Table("webhook_deliveries", "workspace_id = :ws AND (conversation_id IN (:conversations) OR "
                    + "(conversation_id IS NULL AND event LIKE 'contact.%' AND body LIKE :contact_pattern))", null, false),
            // The inbox's resume log: copies of the messages, conversations and contact changes exported above.
            new Table("workspace_events", "workspace_id = :ws AND (contact_id = :contact OR conversation_id IN "
                    + "(:conversations) OR (conversation_id IS NULL AND name LIKE 'contact.%' "
                    + "AND agent_payload LIKE :contact_pattern))", null, false),
            new Table("conversations", "workspace_id = :ws AND id IN (:conversations)", "id, visitor_id, status, "
                    + "snoozed_until, assignee_id, origin, owner, attributes, last_seq, visitor_read_seq, agent_read_seq, "
                    + "last_message_preview, created_at, last_activity_at, first_agent_reply_at, resolved_at", false),
            // By the contact's browsers, and by the loader's analytics id those browsers had before a session.
            new Table("visitor_activity", "workspace_id = :ws AND (visitor_id IN (:visitors) OR anon_id IN ("
                    + "SELECT anon_id FROM visitor_activity WHERE workspace_id = :ws AND visitor_id IN (:visitors) "
                    + "AND anon_id IS NOT NULL))", "id, visitor_id, anon_id, kind, url, title, referrer, utm, ref, name, "
                    + "props, user_agent, occurred_at, received_at", false));

    /** Deleted after the tables above by ContactDeletion (a browser another contact's conversation still names stays). */
    static final Table VISITORS = new Table("visitors", "workspace_id = :ws AND id IN (:visitors)",
            "id, created_at, last_seen_at", false);
    static final Table CONTACTS = new Table("contacts", "workspace_id = :ws AND id = :contact", "id, name, email, "
            + "attributes, external_id, customer_id, email_verified_at, notify_email, notify_push, locale, time_zone, "
            + "created_at, updated_at", false);

    /** Text columns holding JSON, shown in the export as JSON rather than as a string. */
    static final List<String> JSON_COLUMNS = List.of("attributes", "content", "utm", "props", "state");

    private ContactTables() {
    }
}
