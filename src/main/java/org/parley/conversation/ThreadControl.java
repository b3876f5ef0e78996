package org.parley.conversation;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The bots' side of thread ownership (docs/bots.md), implemented by the bot feature and called inside the
 * conversation's own transactions, so a start and its flow run, or a handover and the run's end, commit
 * together. Conversation does not import bot: this port is how it asks.
 */
public interface ThreadControl {
    /**
     * The owner of a conversation about to be started: a flow whose trigger holds, or {@link ThreadOwner#HUMANS}.
     * Called before the start's transaction (it only reads), so the writer never waits for it.
     */
    String ownerAtStart(Conversation conversation, boolean withFirstMessage);

    /** In the start's transaction: records the run of the flow {@link #ownerAtStart} chose (not called for humans). */
    void started(Handle h, Conversation conversation);

    /** The owner to give the thread back to: the flow that last ran in it, if any. */
    Optional<String> resumable(Handle h, Conversation conversation);

    /** Ownership changed from {@code from} to {@code to} for {@code reason}, in the same transaction. */
    void ownerChanged(Handle h, Conversation conversation, String from, String to, String reason, long now);

    /** Whether {@code owner} ({@code app:<id>}) is an app of the workspace that may own threads now. */
    default boolean mayOwn(Handle h, String workspaceId, String owner) {
        return false;
    }

    /** Whether the app may take threads it does not own: the workspace's primary receiver (docs/apps.md). */
    default boolean mayTake(Handle h, String workspaceId, String appId) {
        return false;
    }

    /** No bots: every thread belongs to the humans (tests of other features, and tools). */
    ThreadControl NONE = new ThreadControl() {
        @Override
        public String ownerAtStart(Conversation conversation, boolean withFirstMessage) {
            return ThreadOwner.HUMANS;
        }

        @Override
        public void started(Handle h, Conversation conversation) {
        }

        @Override
        public Optional<String> resumable(Handle h, Conversation conversation) {
            return Optional.empty();
        }

        @Override
        public void ownerChanged(Handle h, Conversation conversation, String from, String to, String reason, long now) {
        }
    };
}
