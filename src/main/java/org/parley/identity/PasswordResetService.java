package org.parley.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import org.parley.eventbus.EventBus;
import org.parley.http.ApiError;
import org.parley.mail.Email;
import org.parley.mail.Mailer;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot password": a single-use link, valid one hour, emailed to an active agent. The answer never
 * says whether the email belongs to an agent, and the email goes out on another thread so the
 * response time does not tell either.
 */
public final class PasswordResetService {
    static final Duration LIFETIME = Duration.ofHours(1);
    /** Reset emails per agent per lifetime: enough for typos and slow mail, not a mail bomb. */
    private static final int MAX_PER_LIFETIME = 5;
    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final EventBus bus;
    private final Mailer mailer;
    private final Executor mailExecutor;
    private final String baseUrl;
    private final AgentRepository agents = new AgentRepository();
    private final TeamRepository team = new TeamRepository();

    public PasswordResetService(Database db, Ids ids, Clock clock, PasswordHasher hasher, EventBus bus, Mailer mailer,
                                Executor mailExecutor, String baseUrl) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.hasher = hasher;
        this.bus = bus;
        this.mailer = mailer;
        this.mailExecutor = mailExecutor;
        this.baseUrl = baseUrl;
    }

    public void request(String email) {
        if (email == null || email.isBlank() || email.length() > 254) {
            throw ApiError.badRequest("Field 'email' must be an email address");
        }
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        // The reset is the account's; it is filed under its first active membership.
        Agent agent = db.read(h -> agents.findAccountByEmail(h, normalized)
                .flatMap(account -> agents.memberships(h, account.id()).stream().filter(m -> m.active()).findFirst())
                .flatMap(m -> agents.find(h, m.workspaceId(), m.agentId()))).orElse(null);
        if (agent == null) {
            return;
        }
        long now = clock.millis();
        String token = ids.newToken("pr_");
        boolean issued = db.write(agent.workspaceId(), h -> {
            if (team.countRecentResets(h, agent.id(), now - LIFETIME.toMillis()) >= MAX_PER_LIFETIME) {
                return false;
            }
            team.insertReset(h, Secrets.digest(token), agent, now, now + LIFETIME.toMillis());
            return true;
        });
        if (!issued) {
            log.info("password reset for agent {} not sent: {} already in the last hour", agent.id(), MAX_PER_LIFETIME);
            return;
        }
        String link = baseUrl + "/app#/reset?token=" + token;
        Email mail = new Email(agent.email(), "Reset your Parley password", """
                Hello %s,

                Someone (hopefully you) asked to reset the password of your Parley account.
                Choose a new password here (the link works once, for one hour):

                %s

                If you did not ask for this, ignore this email: your password stays as it is.
                """.formatted(agent.name(), link), null);
        mailExecutor.execute(() -> {
            try {
                mailer.send(mail);
            } catch (RuntimeException e) {
                log.warn("password reset email to agent {} failed: {}", agent.id(), e.getMessage());
            }
        });
    }

    /** Sets the new password, spends every open reset link of the agent and ends all their sessions. */
    public void confirm(String token, String newPassword) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw invalid();
        }
        AgentService.validPassword(newPassword);
        long now = clock.millis();
        String digest = Secrets.digest(token.strip());
        TeamRepository.Reset reset = db.read(h -> team.findReset(h, digest))
                .filter(r -> r.usedAt() == null && r.expiresAt() > now)
                .orElseThrow(PasswordResetService::invalid);
        String hash = hasher.hash(newPassword);
        db.write(reset.workspaceId(), h -> {
            // Checked again inside the write: two confirmations of one link cannot both pass.
            TeamRepository.Reset current = team.findReset(h, digest).orElseThrow(PasswordResetService::invalid);
            if (current.usedAt() != null) {
                throw invalid();
            }
            Agent agent = agents.find(h, reset.workspaceId(), reset.agentId()).filter(Agent::active)
                    .orElseThrow(PasswordResetService::invalid);
            agents.updatePassword(h, agent.accountId(), hash);
            team.useResets(h, agent.id(), now);
            return agents.deleteAccountSessions(h, agent.accountId()); // the account's sessions in every workspace
        }, ended -> ended.forEach(a -> bus.publish(new AgentEvent.SessionsEnded(a.workspaceId(), a.id()))));
    }

    /**
     * An operator sets the password ({@code parley admin reset-password}): as {@link #confirm}, without a
     * link. Ends every session of the account, in all its workspaces, and spends its open reset links.
     */
    public Agent resetByOperator(String email, String newPassword) {
        AgentService.validPassword(newPassword);
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        Agent agent = db.read(h -> agents.findAccountByEmail(h, normalized)
                        .flatMap(account -> agents.memberships(h, account.id()).stream().findFirst())
                        .flatMap(m -> agents.find(h, m.workspaceId(), m.agentId())))
                .orElseThrow(() -> ApiError.notFound("Agent with email " + normalized));
        String hash = hasher.hash(newPassword);
        db.write(agent.workspaceId(), h -> {
            agents.updatePassword(h, agent.accountId(), hash);
            team.useResets(h, agent.id(), clock.millis());
            return agents.deleteAccountSessions(h, agent.accountId());
        }, ended -> ended.forEach(a -> bus.publish(new AgentEvent.SessionsEnded(a.workspaceId(), a.id()))));
        return agent;
    }

    private static ApiError invalid() {
        return new ApiError(400, "invalid_token", "This reset link is unknown, already used or expired; ask for a new one");
    }
}
