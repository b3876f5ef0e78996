package org.parley.identity;

/** One of an account's workspaces, as the workspace switcher lists it: the agent it is there, and its role. */
public record Membership(String agentId, String workspaceId, String workspaceName, Role role, boolean active,
                         boolean workspaceDisabled) {
}
