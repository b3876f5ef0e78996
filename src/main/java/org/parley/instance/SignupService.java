package org.parley.instance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.parley.config.Config;
import org.parley.http.ApiError;
import org.parley.identity.Agent;
import org.parley.identity.AgentService;
import org.parley.identity.Role;
import org.parley.mail.Email;
import org.parley.mail.Mailer;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;
import org.parley.workspace.Workspace;
import org.parley.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up beyond the server's admins (PARLEY_SIGNUP): a link emailed to an address proves it, then its
 * owner creates their business's workspace, with a new account or (password given) their existing one.
 * {@code invite}: a server admin sends the link; {@code open}: anyone asks for one for their own email.
 */
public final class SignupService {
    static final Duration LIFETIME = Duration.ofDays(3);
    private static final Logger log = LoggerFactory.getLogger(SignupService.class);

    /** What the sign-up form sends with the link's token. */
    public record Completion(String token, String name, String password, String businessName, String siteUrl) {
    }

    public record Done(Agent owner, Workspace workspace) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final WorkspaceService workspaces;
    private final AgentService agents;
    private final Mailer mailer;
    private final Executor mailExecutor;
    private final String baseUrl;
    private final Config.Signup mode;
    private final SignupLinks links = new SignupLinks();

    public SignupService(Database db, Ids ids, Clock clock, WorkspaceService workspaces, AgentService agents,
                         Mailer mailer, Executor mailExecutor, String baseUrl, Config.Signup mode) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.workspaces = workspaces;
        this.agents = agents;
        this.mailer = mailer;
        this.mailExecutor = mailExecutor;
        this.baseUrl = baseUrl;
        this.mode = mode;
    }

    /** Anyone asks for a link to their own email ({@code open} only). The answer is the same for every email. */
    public void request(String email) {
        if (mode != Config.Signup.OPEN) {
            throw new ApiError(403, "signup_closed", "Sign-up is not open on this server; ask its administrator");
        }
        issue(email, null);
    }

    /** A server admin sends a sign-up link ({@code invite} or {@code open}); returns it, to share otherwise too. */
    public String invite(String email, String adminAgentId) {
        if (mode == Config.Signup.CLOSED) {
            throw new ApiError(403, "signup_closed", "PARLEY_SIGNUP=closed: create the workspace yourself and invite its owner");
        }
        return issue(email, adminAgentId);
    }

    private String issue(String email, String invitedBy) {
        String normalized = AgentService.validEmail(email);
        String token = ids.newToken("su_");
        long now = clock.millis();
        db.write("signup", h -> {
            links.insert(h, Secrets.digest(token), normalized, invitedBy, now, now + LIFETIME.toMillis());
            return normalized;
        });
        String url = baseUrl + "/app#/signup?token=" + token;
        Email mail = new Email(normalized, "Create your business on Parley", """
                Hello,

                Someone (hopefully you) asked to create a business on this Parley server with this address.
                Create it here (the link works once, for three days):

                %s

                If you did not ask for this, ignore this email.
                """.formatted(url), null);
        mailExecutor.execute(() -> {
            try {
                mailer.send(mail);
            } catch (RuntimeException e) {
                log.warn("sign-up email failed: {}", e.getMessage());
            }
        });
        return url;
    }

    /** The email a link proves, and whether it has an account (then the form asks for its password). */
    public record Lookup(String email, boolean existingAccount) {
    }

    public Lookup lookup(String token) {
        SignupLinks.Link link = pending(token);
        return new Lookup(link.email(), agents.accountExists(link.email()));
    }

    /** Spends the link and creates the workspace with its owner, in one transaction. */
    public Done complete(Completion completion) {
        SignupLinks.Link link = pending(completion.token());
        boolean existing = agents.accountExists(link.email());
        if (existing && !agents.checkPassword(link.email(), completion.password())) {
            throw ApiError.unauthorized("Wrong password for " + link.email());
        }
        String origin = WorkspaceService.siteOrigin(completion.siteUrl());
        Workspace[] created = new Workspace[1];
        Agent[] owner = new Agent[1];
        db.writeAll("signup", () -> {
            if (db.write("signup", h -> links.use(h, link.tokenHash(), clock.millis())) == 0) {
                throw invalid();
            }
            created[0] = workspaces.create(completion.businessName(), List.of(origin), null);
            owner[0] = existing ? agents.addOwner(link.email(), created[0].id(), completion.name())
                    : agents.createAccount(created[0].id(), link.email(), completion.name(), completion.password(),
                    Role.OWNER, false);
        });
        return new Done(owner[0], created[0]);
    }

    private SignupLinks.Link pending(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw invalid();
        }
        long now = clock.millis();
        return db.read(h -> links.find(h, Secrets.digest(token.strip())))
                .filter(l -> l.usedAt() == null && l.expiresAt() > now)
                .orElseThrow(SignupService::invalid);
    }

    private static ApiError invalid() {
        return new ApiError(404, "not_found", "This sign-up link is unknown, used or expired; ask for a new one");
    }
}
