package org.parley.realtime;

import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;

/**
 * Sync subscriber: hands every recorded event to the sockets of its audience, as computed by the
 * producer. Only enqueues; never blocks on a socket.
 */
public final class RealtimeDeliverer {
    private final ConnectionRegistry registry;

    RealtimeDeliverer(ConnectionRegistry registry) {
        this.registry = registry;
    }

    public void on(DomainEvent event) {
        RecordedEvent recorded = event.recorded();
        for (Connection agent : registry.agents(recorded.workspaceId())) {
            agent.deliver(recorded);
        }
        if (recorded.visibleToVisitor() && recorded.contactId() != null) {
            for (Connection visitor : registry.contact(recorded.contactId())) {
                visitor.deliver(recorded);
            }
        }
    }
}
