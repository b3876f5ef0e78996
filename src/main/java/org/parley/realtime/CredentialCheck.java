package org.parley.realtime;

import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;

/** Agent sockets end when their credential ends: a session logged out or reset, an agent deactivated, a key revoked. */
final class CredentialCheck {
    private final ConnectionRegistry registry;
    private final AgentService agents;

    CredentialCheck(ConnectionRegistry registry, AgentService agents) {
        this.registry = registry;
        this.agents = agents;
    }

    /** Re-checks every agent socket, or those of one agent: a credential that no longer holds closes with 4401. */
    void revalidate(String onlyAgentId) {
        for (Connection connection : registry.all()) {
            if (connection.principal() instanceof AgentPrincipal agent
                    && (onlyAgentId == null || onlyAgentId.equals(agent.agentId()))) {
                String credential = connection.credential();
                boolean valid = credential != null && (agent.isIntegration()
                        ? agents.authenticateApiKey(credential).isPresent()
                        : agents.authenticateSession(credential).isPresent());
                if (!valid) {
                    connection.close(RealtimeGateway.CLOSE_UNAUTHORIZED, "credential no longer valid");
                }
            }
        }
    }

    /** Every socket of a disabled workspace, visitors' too: authenticating again fails while it is disabled. */
    void workspaceDisabled(String workspaceId) {
        for (Connection connection : registry.all()) {
            var principal = connection.principal();
            if (principal != null && workspaceId.equals(principal.workspaceId())) {
                connection.close(RealtimeGateway.CLOSE_UNAUTHORIZED, "workspace disabled");
            }
        }
    }

    void apiKeyRevoked(String workspaceId, String apiKeyId) {
        for (Connection connection : registry.agents(workspaceId)) {
            if (connection.principal() instanceof AgentPrincipal agent && agent.isIntegration()
                    && apiKeyId.equals(agent.apiKeyId())) {
                connection.close(RealtimeGateway.CLOSE_UNAUTHORIZED, "API key revoked");
            }
        }
    }
}
