package org.parley.privacy;

import java.util.List;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;

/**
 * Published after a contact's deletion committed ({@code contact.deleted}, agents only): inboxes drop the listed
 * conversations, and Wiring closes the contact's widget sockets.
 */
public record ContactDeleted(String workspaceId, String contactId, List<String> conversationIds, RecordedEvent recorded)
        implements DomainEvent {
}
