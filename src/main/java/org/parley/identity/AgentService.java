package org.parley.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;

/** Accounts, their memberships (agents) and sessions: the only write entry for them (API keys: ApiKeyService). */
public final class AgentService {
    public static final Duration SESSION_LIFETIME = Duration.ofDays(14);
    private static final int MIN_PASSWORD = 10;

    /** A new session: the cookie value is returned once and stored only as a digest. */
    public record Session(String token, Agent agent) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final EventLog eventLog;
    private final EventBus bus;
    private final Presence presence;
    private final AgentRepository repository = new AgentRepository();
    /** Verifying against this when the email is unknown keeps login time independent of whether it exists. */
    private final String decoyHash;

    public AgentService(Database db, Ids ids, Clock clock, PasswordHasher hasher, EventLog eventLog, EventBus bus,
                        Presence presence) {
        this.eventLog = eventLog;
        this.bus = bus;
        this.presence = presence;
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.hasher = hasher;
        this.decoyHash = hasher.hash("decoy password for timing");
    }

    /** A new account with its first membership; an email that already has an account is a 409 (invite it). */
    public Agent create(String workspaceId, String email, String name, String password, Role role) {
        return createAccount(workspaceId, email, name, password, role, false);
    }

    /**
     * A new account (the server's administrator when {@code serverAdmin}) and its membership in the workspace.
     * Inside {@code Database.writeAll} it joins the enclosing transaction (first-run setup, the admin CLI).
     */
    public Agent createAccount(String workspaceId, String email, String name, String password, Role role,
                               boolean serverAdmin) {
        String normalized = validEmail(email);
        validPassword(password);
        long now = clock.millis();
        Agent agent = new Agent(ids.newId(), workspaceId, normalized, validName(name), role, true, now, ids.newId());
        String hash = hasher.hash(password);
        return db.write(workspaceId, h -> {
            if (repository.findAccountByEmail(h, normalized).isPresent()) {
                throw ApiError.conflict("An account with this email already exists; invite it to add this workspace");
            }
            repository.insertAccount(h, agent.accountId(), normalized, hash, serverAdmin, now);
            repository.insert(h, agent);
            return agent;
        });
    }

    /** Checks the password and opens a fresh session (rotation: a new token on every login). */
    public Session login(String email, String password, String previousToken) {
        return login(email, password, previousToken, null);
    }

    /**
     * Checks the account's password and opens a session in one of its workspaces: {@code workspaceId} when
     * it is one of them, else the oldest membership that is active in a workspace that is not disabled.
     */
    public Session login(String email, String password, String previousToken, String workspaceId) {
        if (email == null || password == null) {
            throw ApiError.badRequest("Fields 'email' and 'password' are required");
        }
        Optional<AgentRepository.Account> found = db.read(h ->
                repository.findAccountByEmail(h, email.strip().toLowerCase(Locale.ROOT)));
        boolean ok = hasher.verify(password, found.map(AgentRepository.Account::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !ok) {
            throw ApiError.unauthorized("Wrong email or password");
        }
        List<Membership> usable = db.read(h -> repository.memberships(h, found.get().id())).stream()
                .filter(m -> m.active() && !m.workspaceDisabled()).toList();
        Membership chosen = usable.stream().filter(m -> m.workspaceId().equals(workspaceId)).findFirst()
                .orElse(usable.isEmpty() ? null : usable.get(0));
        if (chosen == null) {
            throw ApiError.unauthorized("Wrong email or password");
        }
        return db.write(chosen.workspaceId(), h -> {
            if (previousToken != null) {
                repository.deleteSession(h, Secrets.digest(previousToken));
            }
            Agent agent = repository.find(h, chosen.workspaceId(), chosen.agentId()).orElseThrow();
            return openSession(h, agent);
        });
    }

    /** The signed-in account's workspaces (the switcher), each with its role, oldest first. */
    public List<Membership> memberships(AgentPrincipal principal) {
        if (principal.isIntegration()) {
            return List.of();
        }
        return db.read(h -> repository.find(h, principal.workspaceId(), principal.agentId())
                .map(a -> repository.memberships(h, a.accountId()).stream()
                        .filter(m -> m.active() && !m.workspaceDisabled()).toList())
                .orElse(List.of()));
    }

    /** Whether the signed-in account administers this server (lists and disables workspaces). */
    public boolean isServerAdmin(AgentPrincipal principal) {
        return !principal.isIntegration() && db.read(h -> repository.find(h, principal.workspaceId(), principal.agentId())
                .flatMap(a -> repository.findAccount(h, a.accountId())).map(AgentRepository.Account::serverAdmin)
                .orElse(false));
    }

    /** A 403 unless the signed-in account administers this server. */
    public void requireServerAdmin(AgentPrincipal principal) {
        if (!isServerAdmin(principal)) {
            throw ApiError.forbidden("This needs the server's administrator");
        }
    }

    /**
     * Moves the session to another workspace of the same account: the old session ends and a new one opens
     * there (the cookie changes, so sockets of the old workspace close at their next check).
     */
    public Session switchWorkspace(AgentPrincipal principal, String token, String workspaceId) {
        if (principal.isIntegration()) {
            throw ApiError.forbidden("API keys belong to one workspace");
        }
        Membership target = memberships(principal).stream()
                .filter(m -> m.workspaceId().equals(workspaceId)).findFirst()
                .orElseThrow(() -> ApiError.notFound("Workspace"));
        Session session = db.write(target.workspaceId(), h -> {
            Agent agent = repository.find(h, target.workspaceId(), target.agentId()).orElseThrow();
            return openSession(h, agent);
        });
        db.write(principal.workspaceId(), h -> {
            repository.deleteSession(h, Secrets.digest(token));
            return new AgentEvent.SessionsEnded(principal.workspaceId(), principal.agentId());
        }, bus::publish);
        return session;
    }

    /** Whether the password is the account's; as slow for an unknown email as for a known one. */
    public boolean checkPassword(String email, String password) {
        Optional<AgentRepository.Account> found = email == null ? Optional.empty()
                : db.read(h -> repository.findAccountByEmail(h, email.strip().toLowerCase(Locale.ROOT)));
        boolean ok = password != null
                && hasher.verify(password, found.map(AgentRepository.Account::passwordHash).orElse(decoyHash));
        return ok && found.isPresent();
    }

    /** Whether an account has this email. */
    public boolean accountExists(String email) {
        return email != null && db.read(h -> repository.findAccountByEmail(h, email.strip().toLowerCase(Locale.ROOT))).isPresent();
    }

    /** The existing account with this email becomes the owner of a workspace (inside Database.writeAll). */
    public Agent addOwner(String email, String workspaceId, String name) {
        return db.write(workspaceId, h -> {
            AgentRepository.Account account = repository.findAccountByEmail(h, email.strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> ApiError.notFound("Account"));
            return addMembership(h, account, workspaceId, name, Role.OWNER);
        });
    }

    /** Whether any workspace has an owner: the first-run setup is open only while none has. */
    public boolean anyOwner() {
        return db.read(repository::countOwners) > 0;
    }

    /** The signed-in account becomes the owner of a workspace it created (inside Database.writeAll). */
    public Agent joinAsOwner(AgentPrincipal creator, String workspaceId) {
        if (creator.isIntegration()) {
            throw ApiError.forbidden("API keys belong to one workspace");
        }
        return db.write(workspaceId, h -> {
            Agent me = repository.find(h, creator.workspaceId(), creator.agentId())
                    .orElseThrow(() -> ApiError.unauthorized("Session ended"));
            AgentRepository.Account account = repository.findAccount(h, me.accountId()).orElseThrow();
            return addMembership(h, account, workspaceId, me.name(), Role.OWNER);
        });
    }

    /**
     * Adds a membership of an existing account to a workspace (an accepted invitation), in the caller's
     * transaction. A membership that exists already is a 409.
     */
    Agent addMembership(org.jdbi.v3.core.Handle h, AgentRepository.Account account, String workspaceId, String name,
                        Role role) {
        if (repository.findMembership(h, account.id(), workspaceId).isPresent()) {
            throw ApiError.conflict("This account is already a member of the workspace");
        }
        Agent agent = new Agent(ids.newId(), workspaceId, account.email(), validName(name), role, true, clock.millis(),
                account.id());
        repository.insert(h, agent);
        return agent;
    }

    public void logout(AgentPrincipal principal, String token) {
        if (token == null) {
            return;
        }
        db.write(principal.workspaceId(), h -> {
            repository.deleteSession(h, Secrets.digest(token));
            return new AgentEvent.SessionsEnded(principal.workspaceId(), principal.agentId());
        }, bus::publish);
    }

    /** Changes the password, ends every session of the agent, and opens a new one for the caller. */
    public Session changePassword(AgentPrincipal principal, String current, String next) {
        if (principal.isIntegration()) {
            throw ApiError.forbidden("API keys have no password");
        }
        validPassword(next);
        Agent me = db.read(h -> repository.find(h, principal.workspaceId(), principal.agentId()))
                .orElseThrow(() -> ApiError.unauthorized("Session ended"));
        String stored = db.read(h -> repository.findAccount(h, me.accountId())).orElseThrow().passwordHash();
        if (current == null || !hasher.verify(current, stored)) {
            throw ApiError.forbidden("Current password is wrong");
        }
        String hash = hasher.hash(next);
        List<Agent> ended = new java.util.ArrayList<>();
        Session session = db.write(principal.workspaceId(), h -> {
            repository.updatePassword(h, me.accountId(), hash);
            ended.addAll(repository.deleteAccountSessions(h, me.accountId())); // every workspace's sessions
            return openSession(h, me);
        });
        ended.forEach(a -> bus.publish(new AgentEvent.SessionsEnded(a.workspaceId(), a.id())));
        return session;
    }

    /** The agent's own choices; defaults when the agent is unknown (their socket is about to close). */
    public AgentSettings settings(String workspaceId, String agentId) {
        return db.read(h -> repository.findSettings(h, workspaceId, agentId))
                .orElse(new AgentSettings(Presence.ONLINE, AgentSettings.Notifications.DEFAULTS));
    }

    /** The signed-in agent changes their name, presence or notification choices. */
    public Agent updateMe(AgentPrincipal me, String name, String chosenPresence, AgentSettings.Change notifications) {
        if (me.isIntegration()) {
            throw ApiError.forbidden("API keys have no profile");
        }
        String newName = name == null ? null : validName(name);
        String newPresence = chosenPresence == null ? null : AgentSettings.validPresence(chosenPresence);
        AgentEvent.AgentUpdated updated = db.write(me.workspaceId(), h -> {
            Agent current = repository.find(h, me.workspaceId(), me.agentId()).orElseThrow(() -> ApiError.unauthorized("Session ended"));
            AgentSettings settings = repository.findSettings(h, me.workspaceId(), me.agentId()).orElseThrow();
            repository.updateProfile(h, me.workspaceId(), me.agentId(), newName != null ? newName : current.name(),
                    newPresence != null ? newPresence : settings.presence(),
                    Json.write(settings.notifications().with(notifications)));
            Agent agent = repository.find(h, me.workspaceId(), me.agentId()).orElseThrow();
            RecordedEvent recorded = newName != null && !newName.equals(current.name()) ? recordUpdated(h, agent) : null;
            return new AgentEvent.AgentUpdated(agent, recorded);
        }, e -> {
            if (e.recorded() != null) {
                bus.publish(e);
            }
        });
        if (newPresence != null) {
            presence.chose(me.workspaceId(), me.agentId(), newPresence);
        }
        return updated.agent();
    }

    /**
     * An admin changes an agent's role or active flag. Only owners grant or take away the owner role;
     * the last active owner stays one; nobody deactivates themself. Deactivating ends every session.
     */
    public Agent updateAgent(AgentPrincipal admin, String agentId, Role role, Boolean active) {
        requireAdmin(admin);
        if (Boolean.FALSE.equals(active) && agentId.equals(admin.agentId())) {
            throw ApiError.badRequest("You cannot deactivate yourself");
        }
        AgentEvent.AgentUpdated updated = db.write(admin.workspaceId(), h -> {
            Agent current = repository.find(h, admin.workspaceId(), agentId).orElseThrow(() -> ApiError.notFound("Agent"));
            Role newRole = role != null ? role : current.role();
            boolean newActive = active != null ? active : current.active();
            boolean touchesOwner = current.role() == Role.OWNER || newRole == Role.OWNER;
            if (touchesOwner && newRole != current.role() && admin.role() != Role.OWNER) {
                throw ApiError.forbidden("Only an owner can grant or take away the owner role");
            }
            if (touchesOwner && current.active() && admin.role() != Role.OWNER && !newActive) {
                throw ApiError.forbidden("Only an owner can deactivate an owner");
            }
            boolean losesOwner = current.role() == Role.OWNER && current.active() && (newRole != Role.OWNER || !newActive);
            if (losesOwner && repository.countActiveOwners(h, admin.workspaceId()) <= 1) {
                throw ApiError.conflict("A workspace keeps at least one active owner");
            }
            repository.updateRoleAndActive(h, admin.workspaceId(), agentId, newRole, newActive);
            if (!newActive) {
                repository.deleteSessions(h, admin.workspaceId(), agentId);
            }
            Agent agent = repository.find(h, admin.workspaceId(), agentId).orElseThrow();
            return new AgentEvent.AgentUpdated(agent, recordUpdated(h, agent));
        }, bus::publish);
        if (!updated.agent().active()) {
            bus.publish(new AgentEvent.SessionsEnded(admin.workspaceId(), agentId));
        }
        return updated.agent();
    }

    private RecordedEvent recordUpdated(org.jdbi.v3.core.Handle h, Agent agent) {
        String payload = Json.write(Map.of("agent", AgentJson.of(agent, null)));
        return eventLog.append(h, agent.workspaceId(), null, null, "agent.updated", 0, payload, null);
    }

    public Optional<AgentPrincipal> authenticateSession(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return db.read(h -> repository.findBySession(h, Secrets.digest(token), clock.millis()))
                .map(a -> new AgentPrincipal(a.workspaceId(), a.id(), null, a.name(), a.role()));
    }

    public Optional<AgentPrincipal> authenticateApiKey(String key) {
        if (key == null || !key.startsWith("pk_") || key.length() > 100) {
            return Optional.empty();
        }
        return db.read(h -> repository.findApiKey(h, Secrets.digest(key)))
                .map(k -> new AgentPrincipal(k.workspaceId(), null, k.id(), k.name(), Role.ADMIN));
    }

    public Agent require(AgentPrincipal principal, String agentId) {
        return db.read(h -> repository.find(h, principal.workspaceId(), agentId))
                .orElseThrow(() -> ApiError.notFound("Agent"));
    }

    public Optional<Agent> find(String workspaceId, String agentId) {
        return db.read(h -> repository.find(h, workspaceId, agentId));
    }

    public List<Agent> list(AgentPrincipal principal) {
        return db.read(h -> repository.list(h, principal.workspaceId()));
    }

    public static void requireAdmin(AgentPrincipal principal) {
        if (!principal.role().isAdmin()) {
            throw ApiError.forbidden("This action needs the admin or owner role");
        }
    }

    Session openSession(org.jdbi.v3.core.Handle h, Agent agent) {
        String token = ids.newToken("");
        long now = clock.millis();
        repository.insertSession(h, Secrets.digest(token), agent, now, now + SESSION_LIFETIME.toMillis());
        return new Session(token, agent);
    }

    static String validName(String name) {
        String clean = org.parley.http.DisplayText.clean(name);
        if (clean == null || clean.isBlank() || clean.strip().length() > 100) {
            throw ApiError.badRequest("Field 'name' must be 1-100 characters");
        }
        return clean.strip();
    }

    /** An email address, lower-cased: a 400 naming the field when it is none. */
    public static String validEmail(String email) {
        if (email == null || email.length() > 254 || !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiError.badRequest("Field 'email' must be an email address");
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    static void validPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
            throw ApiError.badRequest("Password must be " + MIN_PASSWORD + "-200 characters");
        }
    }
}
