package org.parley.privacy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.AgentPrincipal;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only write entry of privacy: a contact's export and deletion, each recorded in the audit log (and logged,
 * with ids only). Owners, admins and API keys only; another workspace's contact is 404.
 */
public final class PrivacyService {
    private static final Logger log = LoggerFactory.getLogger(PrivacyService.class);
    static final String EXPORTED = "contact.exported";
    static final String DELETED = "contact.deleted";

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventLog eventLog;
    private final EventBus bus;
    private final AuditLog audit;
    private final ContactExport export;
    private final ContactDeletion deletion;

    public PrivacyService(Database db, Ids ids, Clock clock, EventLog eventLog, EventBus bus) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.eventLog = eventLog;
        this.bus = bus;
        this.audit = new AuditLog(db);
        this.export = new ContactExport(db);
        this.deletion = new ContactDeletion(db.dialect());
    }

    /** The contact's data (docs/privacy.md); the export is in the audit log before the document is returned. */
    public Map<String, Object> export(AgentPrincipal actor, String contactId) {
        String workspaceId = admin(actor).workspaceId();
        ContactScope scope = requireScope(workspaceId, contactId);
        long now = clock.millis();
        Map<String, Object> document = export.of(scope, now);
        Map<String, Object> details = new LinkedHashMap<>(scope.ids());
        details.put("rows", rowCounts(document));
        db.write(workspaceId, h -> {
            audit.append(h, workspaceId, entry(actor, EXPORTED, contactId, now, details));
            return null;
        });
        log.info("contact {} of workspace {} exported by {} {}", contactId, workspaceId, actorType(actor), actor.actorId());
        return document;
    }

    /** Deletes every row of the contact in one write, records it, then tells the inboxes (contact.deleted). */
    public Map<String, Integer> delete(AgentPrincipal actor, String contactId) {
        String workspaceId = admin(actor).workspaceId();
        if (contactId == null || contactId.length() > 64) {
            throw ApiError.notFound("Contact");
        }
        Deletion deleted = db.write(workspaceId, h -> {
            ContactScope scope = ContactScope.load(h, workspaceId, contactId).orElseThrow(() -> ApiError.notFound("Contact"));
            Map<String, Integer> rows = deletion.delete(h, scope);
            long now = clock.millis();
            Map<String, Object> details = new LinkedHashMap<>(scope.ids());
            details.put("rows", rows);
            audit.append(h, workspaceId, entry(actor, DELETED, contactId, now, details));
            String payload = Json.write(Map.of("contact_id", contactId, "conversation_ids", scope.conversationIds()));
            return new Deletion(rows, new ContactDeleted(workspaceId, contactId, scope.conversationIds(),
                    eventLog.append(h, workspaceId, null, null, DELETED, 0, payload, null)));
        }, d -> bus.publish(d.event()));
        log.info("contact {} of workspace {} deleted by {} {}: {}", contactId, workspaceId, actorType(actor),
                actor.actorId(), deleted.rows());
        return deleted.rows();
    }

    private record Deletion(Map<String, Integer> rows, ContactDeleted event) {
    }

    /** The workspace's audit log, newest first (owners, admins and API keys). */
    public List<AuditEntry> auditLog(AgentPrincipal actor, String before, int limit) {
        return audit.list(admin(actor).workspaceId(), before, limit);
    }

    private ContactScope requireScope(String workspaceId, String contactId) {
        if (contactId == null || contactId.length() > 64) {
            throw ApiError.notFound("Contact");
        }
        return db.read(h -> ContactScope.load(h, workspaceId, contactId)).orElseThrow(() -> ApiError.notFound("Contact"));
    }

    private AuditEntry entry(AgentPrincipal actor, String action, String targetId, long at, Map<String, Object> details) {
        return new AuditEntry(ids.newId(), at, actorType(actor), actor.actorId(), action, targetId, details);
    }

    private static AgentPrincipal admin(AgentPrincipal actor) {
        if (!actor.role().isAdmin()) {
            throw ApiError.forbidden("Only owners and admins may export or delete a contact's data, or read the audit log");
        }
        return actor;
    }

    private static String actorType(AgentPrincipal actor) {
        return actor.isIntegration() ? "api_key" : "agent";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> rowCounts(Map<String, Object> document) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ((Map<String, Object>) document.get("tables")).forEach((table, rows) -> counts.put(table, ((List<?>) rows).size()));
        return counts;
    }
}
