package org.parley.admin;

import java.util.List;
import org.parley.identity.Agent;
import org.parley.identity.AgentService;
import org.parley.identity.Role;
import org.parley.storage.Database;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/**
 * {@code create-owner}: a new workspace and its first owner, in one transaction (a refused email or
 * password leaves no owner-less workspace behind). The one place that knows how an owner is made from the
 * command line: when accounts with memberships land, only this class changes.
 */
final class OwnerCreation {
    record Created(Workspace workspace, Agent owner) {
    }

    private final Database database;
    private final WorkspaceService workspaces;
    private final AgentService agents;

    OwnerCreation(Database database, WorkspaceService workspaces, AgentService agents) {
        this.database = database;
        this.workspaces = workspaces;
        this.agents = agents;
    }

    Created create(String workspaceName, List<String> origins, String email, String name, String password) {
        Created[] created = new Created[1];
        database.writeAll("admin", () -> {
            Workspace workspace = workspaces.create(workspaceName, origins, null);
            // The first owner of the server administers it, as the setup screen's would.
            Agent owner = agents.createAccount(workspace.id(), email, name, password, Role.OWNER, !agents.anyOwner());
            created[0] = new Created(workspace, owner);
        });
        return created[0];
    }
}
