package org.parley.identity;

/** The wire shape of an agent; never carries the password hash. */
public record AgentJson(String id, String email, String name, String role, boolean active) {
    public static AgentJson of(Agent agent) {
        return new AgentJson(agent.id(), agent.email(), agent.name(), agent.role().wire(), agent.active());
    }
}
