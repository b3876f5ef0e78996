package org.parley.identity;

/**
 * An agent signed in with a session cookie, an integration using an API key ({@code apiKeyId} set, {@code agentId}
 * null), or a bot app using its app token ({@code appId} set; docs/apps.md). Integrations act with admin rights in
 * their one workspace; an app acts as an agent, and only on the routes of its scope (Authenticator).
 */
public record AgentPrincipal(String workspaceId, String agentId, String apiKeyId, String name, Role role, String appId)
        implements Principal {

    public AgentPrincipal(String workspaceId, String agentId, String apiKeyId, String name, Role role) {
        this(workspaceId, agentId, apiKeyId, name, role, null);
    }

    /** A bot app's principal: the app's name on its messages, the agent role, its scope checked per route. */
    public static AgentPrincipal app(String workspaceId, String appId, String name) {
        return new AgentPrincipal(workspaceId, null, null, name, Role.AGENT, appId);
    }

    public boolean isIntegration() {
        return apiKeyId != null || appId != null;
    }

    public boolean isApp() {
        return appId != null;
    }

    /** The id messages and actions are attributed to. */
    public String actorId() {
        return agentId != null ? agentId : apiKeyId != null ? apiKeyId : "app:" + appId;
    }
}
