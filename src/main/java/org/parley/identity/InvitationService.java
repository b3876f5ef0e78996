package org.parley.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.parley.http.ApiError;
import org.parley.mail.Email;
import org.parley.mail.Mailer;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admins invite teammates by link: the link is shown once to the admin and emailed to the invitee,
 * works for seven days and once. Accepting it adds the workspace to the invitee's account (an existing
 * account proves itself with its password) or creates the account, and signs them in there.
 */
public final class InvitationService {
    static final Duration LIFETIME = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(InvitationService.class);

    /** A new invitation with its link, shown once. */
    public record Issued(Invitation invitation, String url) {
    }

    /** What the invitee sees before accepting; {@code existingAccount}: sign in instead of choosing a password. */
    public record Lookup(String email, String role, String workspaceName, boolean existingAccount) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final AgentService agentService;
    private final Mailer mailer;
    private final Executor mailExecutor;
    private final String baseUrl;
    private final Function<String, String> workspaceName;
    private final AgentRepository agents = new AgentRepository();
    private final TeamRepository team = new TeamRepository();

    public InvitationService(Database db, Ids ids, Clock clock, PasswordHasher hasher, AgentService agentService,
                             Mailer mailer, Executor mailExecutor, String baseUrl, Function<String, String> workspaceName) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.hasher = hasher;
        this.agentService = agentService;
        this.mailer = mailer;
        this.mailExecutor = mailExecutor;
        this.baseUrl = baseUrl;
        this.workspaceName = workspaceName;
    }

    public Issued create(AgentPrincipal admin, String email, Role role) {
        AgentService.requireAdmin(admin);
        String normalized = AgentService.validEmail(email);
        if (role == Role.OWNER && admin.role() != Role.OWNER) {
            throw ApiError.forbidden("Only an owner can invite owners");
        }
        long now = clock.millis();
        String token = ids.newToken("inv_");
        Invitation invitation = new Invitation(ids.newId(), admin.workspaceId(), normalized, role, now,
                now + LIFETIME.toMillis());
        db.write(admin.workspaceId(), h -> {
            if (agents.findByEmail(h, admin.workspaceId(), normalized).isPresent()) {
                throw ApiError.conflict("This person is already a member of the workspace");
            }
            team.insertInvitation(h, invitation, Secrets.digest(token), admin.actorId());
            return invitation;
        });
        String url = baseUrl + "/app#/invite?token=" + token;
        String workspace = workspaceName.apply(admin.workspaceId());
        Email mail = new Email(normalized, "Join " + workspace + " on Parley", """
                Hello,

                %s invited you to answer customers of %s with Parley.
                Accept the invitation and choose your password here (the link works once, for seven days):

                %s
                """.formatted(admin.name(), workspace, url), null);
        mailExecutor.execute(() -> {
            try {
                mailer.send(mail);
            } catch (RuntimeException e) {
                log.warn("invitation email {} failed: {}", invitation.id(), e.getMessage());
            }
        });
        return new Issued(invitation, url);
    }

    public List<Invitation> list(AgentPrincipal admin) {
        AgentService.requireAdmin(admin);
        return db.read(h -> team.listPending(h, admin.workspaceId(), clock.millis()));
    }

    public void revoke(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        if (db.write(admin.workspaceId(), h -> team.revoke(h, admin.workspaceId(), id, clock.millis())) == 0) {
            throw ApiError.notFound("Invitation");
        }
    }

    public Lookup lookup(String token) {
        Invitation invitation = pending(token);
        boolean existing = db.read(h -> agents.findAccountByEmail(h, invitation.email())).isPresent();
        return new Lookup(invitation.email(), invitation.role().wire(), workspaceName.apply(invitation.workspaceId()),
                existing);
    }

    /**
     * Spends the invitation and opens a session in its workspace. The invited email without an account gets
     * one with this password; an existing account must give its own password (a wrong one is a 401 and
     * leaves the invitation pending) and gains a membership, so one person answers for several businesses.
     */
    public AgentService.Session accept(String token, String name, String password) {
        Invitation invitation = pending(token);
        var account = db.read(h -> agents.findAccountByEmail(h, invitation.email()));
        // An existing account may leave the name out: it keeps the name it has in its oldest workspace.
        String keptName = account.isPresent() && (name == null || name.isBlank())
                ? db.read(h -> agents.memberships(h, account.get().id()).stream().findFirst()
                        .flatMap(m -> agents.find(h, m.workspaceId(), m.agentId())).map(Agent::name).orElse(null))
                : null;
        String validName = keptName != null ? keptName : AgentService.validName(name);
        String hash;
        if (account.isPresent()) {
            if (password == null || !hasher.verify(password, account.get().passwordHash())) {
                throw ApiError.unauthorized("Wrong password for " + invitation.email());
            }
            hash = null;
        } else {
            AgentService.validPassword(password);
            hash = hasher.hash(password);
        }
        long now = clock.millis();
        return db.write(invitation.workspaceId(), h -> {
            if (team.accept(h, invitation.id(), now) == 0) {
                throw ApiError.notFound("Invitation");
            }
            Agent agent;
            var current = agents.findAccountByEmail(h, invitation.email());
            if (current.isPresent()) {
                if (hash != null) {
                    throw ApiError.conflict("An account with this email was created meanwhile; open the link again");
                }
                agent = agentService.addMembership(h, current.get(), invitation.workspaceId(), validName, invitation.role());
            } else {
                agent = new Agent(ids.newId(), invitation.workspaceId(), invitation.email(), validName, invitation.role(),
                        true, now, ids.newId());
                agents.insertAccount(h, agent.accountId(), agent.email(), hash, false, now);
                agents.insert(h, agent);
            }
            return agentService.openSession(h, agent);
        });
    }

    private Invitation pending(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw ApiError.notFound("Invitation");
        }
        return db.read(h -> team.findPending(h, Secrets.digest(token.strip()), clock.millis()))
                .orElseThrow(() -> ApiError.notFound("Invitation"));
    }
}
