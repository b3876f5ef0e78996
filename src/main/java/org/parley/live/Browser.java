package org.parley.live;

/**
 * One browser on one site: {@code anonId} is the loader's first-party id (null from older loaders),
 * {@code visitorId} set when the browser has a visitor session. The registry keys entries by the anonymous
 * id when there is one, else by the visitor.
 */
public record Browser(String workspaceId, String anonId, String visitorId) {
    public Browser {
        if (anonId == null && visitorId == null) {
            throw new IllegalArgumentException("a browser needs an anonymous id or a visitor");
        }
    }

    String key() {
        return anonId != null ? "a:" + anonId : "v:" + visitorId;
    }
}
