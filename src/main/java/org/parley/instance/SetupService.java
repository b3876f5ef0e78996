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

    private final Database db;
    private final WorkspaceService workspaces;
    private final AgentService agents;
    private final String token;

    /** {@code token}: null when none is required (a loopback base URL). */
    public SetupService(Database db, WorkspaceService workspaces, AgentService agents, String token) {
        this.db = db;
        this.workspaces = workspaces;
        this.agents = agents;
        this.token = token;
    }

    public boolean needed() {
        return !agents.anyOwner();
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** A base URL others can reach needs the token: anything but localhost, 127.0.0.0/8 and ::1. */
    public static boolean isLoopback(String baseUrl) {
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
        if (setup.siteUrl() == null || setup.siteUrl().isBlank()) {
            throw ApiError.badRequest("Field 'site_url' is required: the address of the site the widget goes on");
        }
        Workspace[] created = new Workspace[1];
        Agent[] owner = new Agent[1];
        // One transaction on one writer: two setups at once cannot both pass the check inside it.
        db.writeAll("setup", () -> {
            if (agents.anyOwner()) {
                throw new ApiError(409, "setup_done", "Parley is already set up; sign in instead");
            }
            created[0] = workspaces.create(setup.businessName(), List.of(origin(setup.siteUrl())), null);
            owner[0] = agents.createAccount(created[0].id(), setup.email(), setup.name(), setup.password(), Role.OWNER, true);
        });
        return new Done(owner[0], created[0]);
    }

    /** The site's origin from what people paste (a page URL, a trailing slash): scheme://host[:port]. */
    static String origin(String siteUrl) {
        try {
            URI uri = URI.create(siteUrl.strip());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw ApiError.badRequest("Field 'site_url' must be the site's address, like https://shop.example");
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("Field 'site_url' must be the site's address, like https://shop.example");
        }
    }
}
