package org.parley;

import org.parley.testing.TestServer;
import org.parley.workspace.Workspace;

/** The demo shop ({@link DemoWorkspace}) on a test node, for tests outside this package (e.g. analytics.ReportsBrowserIT). */
public final class DemoSeed {
    private DemoSeed() {
    }

    /** Seeds the demo once, as `./parley run` does, and returns its workspace. */
    public static Workspace seed(TestServer server) {
        String id = DemoWorkspace.seed(server.wiring()).workspaceId();
        return server.wiring().workspaces.require(id);
    }
}
