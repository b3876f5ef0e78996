package org.parley.eventbus;

/**
 * An event as stored in the workspace event log and sent on the wire. The producer renders it once
 * per audience: {@code agentPayload} for the workspace's agents, {@code visitorPayload} for the
 * contact who owns the conversation (every visitor, i.e. browser, of that contact), or null when the
 * contact must never see it (private notes, assignments). Deliverers never re-derive who may see what. {@code seq} is the message seq for
 * message events and 0 for others.
 */
public record RecordedEvent(
        String workspaceId,
        long cursor,
        String conversationId,
        String contactId,
        String name,
        long seq,
        String agentPayload,
        String visitorPayload) {

    public boolean visibleToVisitor() {
        return visitorPayload != null;
    }
}
