package org.parley.app;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.parley.conversation.ThreadOwner;
import org.parley.conversation.ThreadOwnership;
import org.parley.http.ApiError;
import org.parley.http.DisplayText;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;

/** A workspace's bot apps, managed by its admins: the only write entry for them (docs/apps.md). */
public final class AppService {
    public static final int MAX_APPS = 10;
    /** What an app subscribes to when it names nothing: every conversation event it can act on. */
    public static final List<String> DEFAULT_EVENTS = List.of("message.created", "conversation.created",
            "conversation.handed_over", "conversation.thread_requested", "conversation.status_changed");

    /** The token and webhook secret of a new app, or a new token: shown once. */
    public record Issued(App app, String token, String webhookSecret) {
    }

    /** What an admin sets; null fields keep their value on a change. */
    public record Settings(String name, String avatarUrl, String webhookUrl, List<String> events, Boolean primaryReceiver,
                           Integer replyTimeoutSeconds) {
    }

    public static final int DEFAULT_REPLY_TIMEOUT = 120;
    public static final int MAX_REPLY_TIMEOUT = 86_400;

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final AppWebhooks webhooks;
    private final ThreadOwnership ownership;
    private final AppRepository repository = new AppRepository();

    public AppService(Database db, Ids ids, Clock clock, AppWebhooks webhooks, ThreadOwnership ownership) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.webhooks = webhooks;
        this.ownership = ownership;
    }

    public Issued create(AgentPrincipal admin, Settings settings) {
        AgentService.requireAdmin(admin);
        requireHuman(admin);
        String name = name(settings.name());
        String avatar = avatar(settings.avatarUrl());
        if (settings.replyTimeoutSeconds() != null) {
            timeout(settings.replyTimeoutSeconds());
        }
        if (settings.webhookUrl() == null) {
            throw ApiError.badRequest("Field 'webhook_url' is required");
        }
        if (db.read(h -> repository.count(h, admin.workspaceId())) >= MAX_APPS) {
            throw ApiError.badRequest("A workspace may have at most " + MAX_APPS + " apps");
        }
        String id = ids.newId();
        List<String> events = settings.events() == null ? DEFAULT_EVENTS : settings.events();
        String secret = webhooks.create(admin.workspaceId(), id, settings.webhookUrl(), events);
        String token = ids.newToken("pa_");
        long now = clock.millis();
        boolean primary = Boolean.TRUE.equals(settings.primaryReceiver());
        App app = new App(id, admin.workspaceId(), name, avatar, token.substring(0, 10), primary,
                settings.replyTimeoutSeconds() == null ? DEFAULT_REPLY_TIMEOUT : timeout(settings.replyTimeoutSeconds()), now, now);
        db.write(admin.workspaceId(), h -> {
            repository.insert(h, app, Secrets.digest(token));
            if (primary) {
                repository.clearPrimary(h, admin.workspaceId(), id);
            }
            return app;
        });
        return new Issued(app, token, secret);
    }

    public List<App> list(AgentPrincipal agent) {
        return db.read(h -> repository.list(h, agent.workspaceId()));
    }

    public App require(AgentPrincipal agent, String id) {
        return db.read(h -> repository.find(h, agent.workspaceId(), id)).orElseThrow(() -> ApiError.notFound("App"));
    }

    public App update(AgentPrincipal admin, String id, Settings settings) {
        AgentService.requireAdmin(admin);
        requireHuman(admin);
        App current = require(admin, id);
        if (settings.webhookUrl() != null || settings.events() != null) {
            webhooks.update(admin.workspaceId(), id, settings.webhookUrl(), settings.events());
        }
        App changed = new App(current.id(), current.workspaceId(),
                settings.name() == null ? current.name() : name(settings.name()),
                settings.avatarUrl() == null ? current.avatarUrl() : avatar(settings.avatarUrl().isEmpty() ? null : settings.avatarUrl()),
                current.tokenPrefix(),
                settings.primaryReceiver() == null ? current.primaryReceiver() : settings.primaryReceiver(),
                settings.replyTimeoutSeconds() == null ? current.replyTimeoutSeconds() : timeout(settings.replyTimeoutSeconds()),
                current.createdAt(), clock.millis());
        db.write(admin.workspaceId(), h -> {
            repository.update(h, changed, changed.updatedAt());
            if (changed.primaryReceiver()) {
                repository.clearPrimary(h, admin.workspaceId(), id);
            }
            return changed;
        });
        return changed;
    }

    /** A new token; the old one stops working at once. */
    public Issued rotateToken(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        requireHuman(admin);
        require(admin, id);
        String token = ids.newToken("pa_");
        db.write(admin.workspaceId(), h -> {
            repository.setToken(h, admin.workspaceId(), id, Secrets.digest(token), token.substring(0, 10), clock.millis());
            return null;
        });
        return new Issued(require(admin, id), token, null);
    }

    /** Removes the app: its token and webhook stop at once, and the threads it owned go to the humans. */
    public void delete(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        requireHuman(admin);
        require(admin, id);
        String owner = ThreadOwner.app(id);
        db.write(admin.workspaceId(), h -> repository.markDeleted(h, admin.workspaceId(), id, clock.millis()));
        webhooks.delete(admin.workspaceId(), id);
        for (String conversationId : db.read(h -> repository.ownedConversations(h, admin.workspaceId(), owner))) {
            ownership.handOver(admin.workspaceId(), conversationId, owner, "app_removed");
        }
    }

    /** The app a bearer token names (Authenticator), as a principal of the agent role limited to the app scope. */
    public Optional<AgentPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith("pa_") || token.length() > 100) {
            return Optional.empty();
        }
        return db.read(h -> repository.findByToken(h, Secrets.digest(token)))
                .map(app -> AgentPrincipal.app(app.workspaceId(), app.id(), app.name()));
    }

    public java.util.Map<String, Object> webhook(App app) {
        return webhooks.view(app.workspaceId(), app.id());
    }

    /** Apps and API keys do not manage apps: a leaked token must not mint more. */
    private static void requireHuman(AgentPrincipal principal) {
        if (principal.isApp()) {
            throw ApiError.forbidden("An app token cannot manage apps");
        }
    }

    private static String name(String raw) {
        String name = raw == null ? null : DisplayText.clean(raw);
        if (name == null || name.isBlank() || name.length() > 80) {
            throw ApiError.badRequest("Field 'name' must be 1-80 characters");
        }
        return name;
    }

    private static int timeout(int seconds) {
        if (seconds < 0 || seconds > MAX_REPLY_TIMEOUT) {
            throw ApiError.badRequest("Field 'reply_timeout_seconds' must be 0 (never) to " + MAX_REPLY_TIMEOUT);
        }
        return seconds;
    }

    private static String avatar(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (url.length() > 2000 || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw ApiError.badRequest("Field 'avatar_url' must be an https URL of up to 2,000 characters");
            }
            return url;
        } catch (java.net.URISyntaxException e) {
            throw ApiError.badRequest("Field 'avatar_url' must be an https URL of up to 2,000 characters");
        }
    }
}
