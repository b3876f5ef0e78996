package org.parley.identity;

/**
 * An agent signed in with a session cookie, or an integration using an API key ({@code apiKeyId}
 * set, {@code agentId} null). Integrations act with admin rights in their one workspace.
 */
public record AgentPrincipal(String workspaceId, String agentId, String apiKeyId, String name, Role role)
        implements Principal {

    public boolean isIntegration() {
        return apiKeyId != null;
    }

    /** The id messages and actions are attributed to. */
    public String actorId() {
        return agentId != null ? agentId : apiKeyId;
    }
}
