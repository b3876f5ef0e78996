package org.parley.identity;

import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;

/** What the identity feature publishes after commit. */
public final class AgentEvent {
    private AgentEvent() {
    }

    /** Name, role or active flag changed: {@code agent.updated} for the workspace's agents. */
    public record AgentUpdated(Agent agent, RecordedEvent recorded) implements DomainEvent {
    }

    /**
     * Some or all sessions of an agent ended (logout, password change or reset, deactivation): open
     * sockets must be checked again now, not at the next ping round.
     */
    public record SessionsEnded(String workspaceId, String agentId) {
    }

    /** An API key was revoked: sockets authenticated with it close now, not at the next ping round. */
    public record ApiKeyRevoked(String workspaceId, String apiKeyId) {
    }
}
