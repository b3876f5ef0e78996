package org.parley.identity;

import java.time.Clock;
import java.util.List;
import org.parley.eventbus.EventBus;
import org.parley.http.ApiError;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;

/**
 * A workspace's API keys, managed by its admins: the only write entry for them. Checking a key on a request
 * or a socket is AgentService.authenticateApiKey, beside the sessions.
 */
public final class ApiKeyService {
    /** A new API key: the key is shown once. */
    public record IssuedApiKey(String key, ApiKey apiKey) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventBus bus;
    private final AgentRepository repository = new AgentRepository();

    public ApiKeyService(Database db, Ids ids, Clock clock, EventBus bus) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.bus = bus;
    }

    public IssuedApiKey create(AgentPrincipal principal, String name) {
        AgentService.requireAdmin(principal);
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiError.badRequest("Field 'name' must be 1-100 characters");
        }
        String key = ids.newToken("pk_");
        ApiKey apiKey = new ApiKey(ids.newId(), principal.workspaceId(), name.strip(), key.substring(0, 10), clock.millis());
        db.write(principal.workspaceId(), h -> {
            repository.insertApiKey(h, apiKey, Secrets.digest(key));
            return apiKey;
        });
        return new IssuedApiKey(key, apiKey);
    }

    public List<ApiKey> list(AgentPrincipal principal) {
        AgentService.requireAdmin(principal);
        return db.read(h -> repository.listApiKeys(h, principal.workspaceId()));
    }

    /** Revoked at once: sockets authenticated with it close now (AgentEvent.ApiKeyRevoked). */
    public void revoke(AgentPrincipal principal, String id) {
        AgentService.requireAdmin(principal);
        int changed = db.write(principal.workspaceId(), h -> repository.revokeApiKey(h, principal.workspaceId(), id, clock.millis()));
        if (changed == 0) {
            throw ApiError.notFound("API key");
        }
        bus.publish(new AgentEvent.ApiKeyRevoked(principal.workspaceId(), id));
    }
}
