package org.parley;

import java.util.List;
import org.parley.identity.Role;
import org.parley.workspace.UpdateWorkspace;
import org.parley.workspace.Workspace;

/**
 * The "Donni Charm" scarf shop every fresh install starts with, so the run command shows Parley
 * working at once. Seeded only when no workspace uses its widget key yet.
 */
final class DemoWorkspace {
    static final String NAME = "Donni Charm";
    static final String WIDGET_KEY = "wk_demo_donnicharm";
    static final String AGENT_EMAIL = "agent@donnicharm.example";
    static final String AGENT_PASSWORD = "parley-demo";

    record Seeded(String workspaceId, String widgetKey) {
    }

    private DemoWorkspace() {
    }

    static Seeded seed(Wiring wiring) {
        var existing = wiring.workspaces.findByWidgetKey(WIDGET_KEY);
        if (existing.isPresent()) {
            return new Seeded(existing.get().id(), WIDGET_KEY);
        }
        Workspace ws = wiring.workspaces.create(NAME, List.of(wiring.config.baseUrl(), "http://localhost:8080",
                "http://127.0.0.1:8080"), WIDGET_KEY);
        wiring.workspaces.update(ws.id(), new UpdateWorkspace(null, null, "#8a3b5c", "right", "Questions? Chat with us",
                "Hi! Looking for the perfect scarf? Ask us anything about sizes, materials or delivery.",
                "under an hour", 12));
        wiring.agents.create(ws.id(), AGENT_EMAIL, "Donni", AGENT_PASSWORD, Role.OWNER);
        return new Seeded(ws.id(), WIDGET_KEY);
    }
}
