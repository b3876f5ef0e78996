package org.parley.privacy;

import java.util.Map;

/**
 * One line of the audit log: who ({@code actorType} agent or api_key, and its id) did what ({@code action}, e.g.
 * contact.exported) to which id, when. {@code details} hold ids and counts, never personal data, so entries stay
 * after the contact is deleted.
 */
public record AuditEntry(String id, long at, String actorType, String actorId, String action, String targetId,
                         Map<String, Object> details) {
}
