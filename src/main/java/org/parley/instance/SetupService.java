package org.parley.instance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.parley.http.ApiError;
import org.parley.identity.Agent;
import org.parley.identity.AgentService;
import org.parley.identity.Role;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;

/**
 * First-run setup: on a server where no workspace has an owner, the first person at /app creates the owner
 * account (the server's administrator) and the business's workspace in one transaction. When the server
 * is reachable from elsewhere (PARLEY_BASE_URL not loopback), a one-time token printed in the server's log
 * must be given too, so a stranger who finds a fresh server first cannot claim it.
 */
public final class SetupService {
    /** What the setup form sends. */
    public record Setup(String setupToken, String name, String email, String password, String businessName,
                        String siteUrl) {
    }

    /** The result: the owner and the workspace, for the welcome screen. */
    public record Done(Agent owner, Workspace workspace) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SetupService.class);

    private final Database db;
    private final WorkspaceService workspaces;
    private final AgentService agents;
    private final Ids ids;
    private final String baseUrl;
    /** Null while none is required: a loopback base URL, or an owner exists. */
    private volatile String token;

    public SetupService(Database db, WorkspaceService workspaces, AgentService agents, Ids ids, String baseUrl) {
        this.db = db;
        this.workspaces = workspaces;
        this.agents = agents;
        this.ids = ids;
        this.baseUrl = baseUrl;
    }

    /** At start: a server reachable from elsewhere with no owner yet makes a one-time token and logs it. */
    public void announce() {
        if (!isLoopback(baseUrl) && needed()) {
            token = ids.newToken("st_");
            log.warn("No owner yet: open {}/app and enter the setup token {}", baseUrl, token);
        }
    }

    public boolean needed() {
        return !agents.anyOwner();
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** A base URL others can reach needs the token: anything but localhost, 127.0.0.0/8 and ::1. */
    static boolean isLoopback(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }

    public Done setup(Setup setup) {
        if (!needed()) {
            throw new ApiError(409, "setup_done", "Parley is already set up; sign in instead");
        }
        if (token != null && (setup.setupToken() == null || !MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), setup.setupToken().strip().getBytes(StandardCharsets.UTF_8)))) {
            throw new ApiError(403, "invalid_setup_token", "Wrong setup token; it is printed in the server's log");
        }
        String origin = WorkspaceService.siteOrigin(setup.siteUrl());
        Workspace[] created = new Workspace[1];
        Agent[] owner = new Agent[1];
        // One transaction on one writer: two setups at once cannot both pass the check inside it.
        db.writeAll("setup", () -> {
            if (agents.anyOwner()) {
                throw new ApiError(409, "setup_done", "Parley is already set up; sign in instead");
            }
            created[0] = workspaces.create(setup.businessName(), List.of(origin), null);
            owner[0] = agents.createAccount(created[0].id(), setup.email(), setup.name(), setup.password(), Role.OWNER, true);
        });
        return new Done(owner[0], created[0]);
    }
}
