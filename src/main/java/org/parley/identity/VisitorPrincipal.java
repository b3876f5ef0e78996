package org.parley.identity;

/** A browser holding a visitor token. It may touch only its own conversations. */
public record VisitorPrincipal(String workspaceId, String visitorId, String contactId) implements Principal {
}
