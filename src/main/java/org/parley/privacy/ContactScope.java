package org.parley.privacy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The ids that say which rows are a contact's: its browsers (visitors) and its conversations, read once at the start
 * of an export or a deletion. Conditions name them as {@code (:visitors)} and {@code (:conversations)}; {@link #sql}
 * expands those into one placeholder per id (or NULL, which matches nothing).
 */
record ContactScope(String workspaceId, String contactId, String email, List<String> visitorIds,
                    List<String> conversationIds) {
    /** Bound for a contact without an email: no stored address can equal it (it has spaces). */
    static final String NO_EMAIL = "(no email)";

    static Optional<ContactScope> load(Handle h, String workspaceId, String contactId) {
        Optional<String> email = h.createQuery("SELECT COALESCE(email, :none) FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("none", NO_EMAIL).bind("ws", workspaceId).bind("id", contactId).mapTo(String.class).findOne();
        if (email.isEmpty()) {
            return Optional.empty();
        }
        List<String> visitors = h.createQuery("SELECT id FROM visitors WHERE workspace_id = :ws AND contact_id = :id ORDER BY id")
                .bind("ws", workspaceId).bind("id", contactId).mapTo(String.class).list();
        List<String> conversations = h.createQuery(
                        "SELECT id FROM conversations WHERE workspace_id = :ws AND contact_id = :id ORDER BY id")
                .bind("ws", workspaceId).bind("id", contactId).mapTo(String.class).list();
        return Optional.of(new ContactScope(workspaceId, contactId, email.get(), visitors, conversations));
    }

    /** {@code condition} with the id lists expanded. */
    String sql(String condition) {
        return condition.replace("(:visitors)", placeholders("v", visitorIds))
                .replace("(:conversations)", placeholders("c", conversationIds));
    }

    /** Binds :ws, :contact, :email, :contact_pattern and every expanded id. */
    <S extends SqlStatement<S>> S bind(S statement) {
        // Each condition uses some of these, never all.
        statement.configure(SqlStatements.class, config -> config.setUnusedBindingAllowed(true));
        statement.bind("ws", workspaceId).bind("contact", contactId).bind("email", email)
                .bind("contact_pattern", "%\"" + contactId + "\"%");
        for (int i = 0; i < visitorIds.size(); i++) {
            statement.bind("v" + i, visitorIds.get(i));
        }
        for (int i = 0; i < conversationIds.size(); i++) {
            statement.bind("c" + i, conversationIds.get(i));
        }
        return statement;
    }

    /** The contact's ids only (what the audit log and the event may hold). */
    Map<String, Object> ids() {
        return Map.of("contact_id", contactId, "visitor_ids", visitorIds, "conversation_ids", conversationIds);
    }

    private static String placeholders(String prefix, List<String> ids) {
        if (ids.isEmpty()) {
            return "(NULL)";
        }
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? ":" : ", :").append(prefix).append(i);
        }
        return sql.append(')').toString();
    }
}
