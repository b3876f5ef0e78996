package org.parley.bot;

/**
 * A flow running (or having run) in one conversation: the version it is pinned to, where it is ({@code state},
 * JSON of {@link FlowEngine.State}), and how it ended. Status: running, resolved, handed_off, dropped.
 */
record FlowRun(String conversationId, String workspaceId, String flowId, int version, String status, String step,
               String state, String reason, long startedAt, Long endedAt, Long wakeAt, long askedSeq) {
    static final String RUNNING = "running";

    String owner() {
        return org.parley.conversation.ThreadOwner.flow(flowId, version);
    }
}
