package org.parley.identity;

/** Who is making a request. Every service call is authorised against one of these. */
public sealed interface Principal permits AgentPrincipal, BotPrincipal, VisitorPrincipal {
    String workspaceId();
}
