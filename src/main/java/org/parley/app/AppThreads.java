package org.parley.app;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.parley.conversation.Conversation;
import org.parley.conversation.ThreadControl;
import org.parley.conversation.ThreadOwner;
import org.parley.storage.Database;

/**
 * Thread control with bot apps (docs/apps.md): the flows decide first (a flow whose trigger holds runs); a new
 * conversation no flow takes goes to the workspace's primary receiver app, if any. Everything about flow runs is the
 * flows' ({@code flows}, the bot feature's ThreadControl).
 */
public final class AppThreads implements ThreadControl {
    private final ThreadControl flows;
    private final Database db;
    private final AppRepository apps = new AppRepository();

    public AppThreads(ThreadControl flows, Database db) {
        this.flows = flows;
        this.db = db;
    }

    @Override
    public String ownerAtStart(Conversation conversation, boolean withFirstMessage) {
        String owner = flows.ownerAtStart(conversation, withFirstMessage);
        if (!ThreadOwner.HUMANS.equals(owner)) {
            return owner;
        }
        return db.read(h -> apps.primary(h, conversation.workspaceId()))
                .map(app -> ThreadOwner.app(app.id())).orElse(ThreadOwner.HUMANS);
    }

    @Override
    public void started(Handle h, Conversation conversation) {
        if (conversation.ownedByFlow()) {
            flows.started(h, conversation);
        }
    }

    @Override
    public Optional<String> resumable(Handle h, Conversation conversation) {
        return flows.resumable(h, conversation);
    }

    @Override
    public void ownerChanged(Handle h, Conversation conversation, String from, String to, String reason, long now) {
        flows.ownerChanged(h, conversation, from, to, reason, now);
    }

    @Override
    public boolean mayOwn(Handle h, String workspaceId, String owner) {
        String appId = ThreadOwner.appId(owner);
        return appId != null && apps.find(h, workspaceId, appId).isPresent();
    }

    @Override
    public boolean mayTake(Handle h, String workspaceId, String appId) {
        return apps.find(h, workspaceId, appId).map(App::primaryReceiver).orElse(false);
    }
}
