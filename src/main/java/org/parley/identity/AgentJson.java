package org.parley.identity;

/**
 * The wire shape of an agent; never carries the password hash. {@code presence} is left out of
 * stored events (it is ephemeral); {@code notifications} is only in the agent's own view.
 */
public record AgentJson(String id, String email, String name, String role, boolean active, String presence,
                        AgentSettings.Notifications notifications) {
    public static AgentJson of(Agent agent, String presence) {
        return new AgentJson(agent.id(), agent.email(), agent.name(), agent.role().wire(), agent.active(), presence, null);
    }

    static AgentJson own(Agent agent, String presence, AgentSettings settings) {
        return new AgentJson(agent.id(), agent.email(), agent.name(), agent.role().wire(), agent.active(), presence,
                settings.notifications());
    }
}
