package org.parley.workspace;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.parley.http.ApiError;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/** The only write entry for workspaces. */
public final class WorkspaceService {
    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final WorkspaceRepository repository = new WorkspaceRepository();

    public WorkspaceService(Database db, Ids ids, Clock clock) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
    }

    public Workspace create(String name, List<String> allowedOrigins, String widgetKey) {
        String key = widgetKey != null ? widgetKey : ids.newToken("wk_").substring(0, 27);
        Workspace ws = new Workspace(ids.newId(), validName(name), key, validOrigins(allowedOrigins),
                WorkspaceSettings.defaults(), clock.millis());
        db.write(ws.id(), h -> {
            repository.insert(h, ws);
            return ws;
        });
        return ws;
    }

    /** The workspace a widget key opens now: its current key, or the previous one within its grace; never a disabled one. */
    public Optional<Workspace> findByWidgetKey(String widgetKey) {
        if (widgetKey == null || widgetKey.length() > 100) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.read(h -> repository.findByKey(h, widgetKey))
                .filter(m -> !m.disabled() && (!m.previous() || m.previousValidUntil() > now))
                .map(WorkspaceRepository.KeyMatch::workspace);
    }

    /**
     * As {@link #findByWidgetKey}, with the reason when it opens nothing: a key replaced and past its grace
     * (403 widget_key_rotated), a disabled workspace (403 workspace_disabled), an unknown key (404).
     */
    public Workspace requireByWidgetKey(String widgetKey) {
        if (widgetKey == null || widgetKey.length() > 100) {
            throw ApiError.notFound("Workspace");
        }
        WorkspaceRepository.KeyMatch match = db.read(h -> repository.findByKey(h, widgetKey))
                .orElseThrow(() -> ApiError.notFound("Workspace"));
        if (match.disabled()) {
            throw new ApiError(403, "workspace_disabled", "This workspace is disabled on this server");
        }
        if (match.previous() && match.previousValidUntil() <= clock.millis()) {
            throw new ApiError(403, "widget_key_rotated", "This widget key was replaced; put the workspace's new "
                    + "snippet (Settings, Workspace) on the site");
        }
        return match.workspace();
    }

    /** The workspace's key after a rotation, and until when the one it replaced keeps working. */
    public record RotatedKey(String widgetKey, String previousWidgetKey, long previousValidUntil) {
    }

    /**
     * A new widget key. The old one keeps working for {@code graceHours} (0-720), so the snippet can be
     * replaced on the site meanwhile; an older previous key stops at once.
     */
    public RotatedKey rotateWidgetKey(String workspaceId, int graceHours) {
        if (graceHours < 0 || graceHours > 720) {
            throw ApiError.badRequest("Field 'grace_hours' must be 0-720 (30 days)");
        }
        String key = ids.newToken("wk_").substring(0, 27);
        long until = clock.millis() + java.time.Duration.ofHours(graceHours).toMillis();
        return db.write(workspaceId, h -> {
            Workspace current = repository.find(h, "id", workspaceId).orElseThrow(() -> ApiError.notFound("Workspace"));
            repository.rotateKey(h, workspaceId, current.widgetKey(), key, until);
            return new RotatedKey(key, current.widgetKey(), until);
        });
    }

    /** Every workspace of the server with its active agents and whether it is disabled (server admins). */
    public List<WorkspaceSummary> listAll() {
        return db.read(repository::listAll);
    }

    /** A disabled workspace opens nothing: no widget, no visitor token, no agent session or API key. */
    public void setDisabled(String workspaceId, boolean disabled) {
        db.write(workspaceId, h -> {
            repository.find(h, "id", workspaceId).orElseThrow(() -> ApiError.notFound("Workspace"));
            repository.setDisabled(h, workspaceId, disabled ? clock.millis() : null);
            return workspaceId;
        });
    }

    public Workspace require(String id) {
        return db.read(h -> repository.find(h, "id", id)).orElseThrow(() -> ApiError.notFound("Workspace"));
    }

    public Workspace update(String id, UpdateWorkspace change) {
        return db.write(id, h -> {
            Workspace current = repository.find(h, "id", id).orElseThrow(() -> ApiError.notFound("Workspace"));
            WorkspaceSettings s = current.settings();
            WorkspaceSettings settings = new WorkspaceSettings(
                    change.color() != null ? validColor(change.color()) : s.color(),
                    change.position() != null ? validPosition(change.position()) : s.position(),
                    change.launcherLabel() != null ? bounded("launcher_label", change.launcherLabel(), 40) : s.launcherLabel(),
                    change.greeting() != null ? bounded("greeting", change.greeting(), 500) : s.greeting(),
                    change.expectedReplyTime() != null
                            ? bounded("expected_reply_time", change.expectedReplyTime(), 40) : s.expectedReplyTime(),
                    change.greetingDelaySeconds() != null ? validDelay(change.greetingDelaySeconds()) : s.greetingDelaySeconds(),
                    change.texts() != null ? validTexts(change.texts()) : s.texts(),
                    change.emailAskDelaySeconds() != null ? validEmailAskDelay(change.emailAskDelaySeconds()) : s.emailAskDelaySeconds(),
                    change.businessHours() != null && !change.businessHours().isNull()
                            ? BusinessHours.parse(change.businessHours()) : s.businessHours(),
                    change.activityRetentionDays() != null
                            ? validRetentionDays("activity_retention_days", change.activityRetentionDays())
                            : s.activityRetentionDays(),
                    change.fileRetentionDays() != null
                            ? validRetentionDays("file_retention_days", change.fileRetentionDays()) : s.fileRetentionDays());
            Workspace updated = new Workspace(current.id(),
                    change.name() != null ? validName(change.name()) : current.name(), current.widgetKey(),
                    change.allowedOrigins() != null ? validOrigins(change.allowedOrigins()) : current.allowedOrigins(),
                    settings, current.createdAt());
            repository.update(h, updated);
            return updated;
        });
    }

    /**
     * The key of the site's signed identify (docs/customer.md), made on first read. Rotating it invalidates
     * every hash the site computed with the old one.
     */
    public String identitySecret(String workspaceId) {
        return findIdentitySecret(workspaceId).orElseGet(() -> db.write(workspaceId, h -> {
            // COALESCE: JDBI reads a NULL single column as an absent row.
            String current = h.createQuery("SELECT COALESCE(identity_secret, '') FROM workspaces WHERE id = :id")
                    .bind("id", workspaceId).mapTo(String.class).findOne().orElseThrow(() -> ApiError.notFound("Workspace"));
            return !current.isEmpty() ? current : storeIdentitySecret(h, workspaceId);
        }));
    }

    public String rotateIdentitySecret(String workspaceId) {
        require(workspaceId);
        return db.write(workspaceId, h -> storeIdentitySecret(h, workspaceId));
    }

    /** The secret if one was ever made; empty means no signed identify can be valid yet. */
    public Optional<String> findIdentitySecret(String workspaceId) {
        return db.read(h -> h.createQuery("SELECT identity_secret FROM workspaces WHERE id = :id").bind("id", workspaceId)
                .mapTo(String.class).findOne()).filter(java.util.Objects::nonNull);
    }

    private String storeIdentitySecret(org.jdbi.v3.core.Handle h, String workspaceId) {
        String secret = ids.newToken("is_");
        h.createUpdate("UPDATE workspaces SET identity_secret = :secret WHERE id = :id")
                .bind("secret", secret).bind("id", workspaceId).execute();
        return secret;
    }

    private static String validName(String name) {
        String clean = org.parley.http.DisplayText.clean(name);
        if (clean == null || clean.isBlank()) {
            throw ApiError.badRequest("Field 'name' must not be empty");
        }
        return bounded("name", clean.strip(), 100);
    }

    private static String bounded(String field, String value, int max) {
        if (value.length() > max) {
            throw ApiError.badRequest("Field '" + field + "' must be at most " + max + " characters");
        }
        return value;
    }

    /** 0 turns the delayed greeting off; otherwise 1-600 seconds. */
    private static Integer validDelay(int seconds) {
        if (seconds < 0 || seconds > 600) {
            throw ApiError.badRequest("Field 'greeting_delay_seconds' must be 0-600");
        }
        return seconds == 0 ? null : seconds;
    }

    /** Days of raw visitor activity or of files to keep, 1 to ten years; null goes back to the default. */
    private static Integer validRetentionDays(String field, com.fasterxml.jackson.databind.JsonNode days) {
        if (days.isNull()) {
            return null;
        }
        if (!days.isInt() || days.intValue() < 1 || days.intValue() > WorkspaceSettings.MAX_ACTIVITY_RETENTION_DAYS) {
            throw ApiError.badRequest("Field '" + field + "' must be a whole number of days, 1-"
                    + WorkspaceSettings.MAX_ACTIVITY_RETENTION_DAYS + ", or null for the default");
        }
        return days.intValue();
    }

    /** 0 asks at once; at most an hour. */
    private static int validEmailAskDelay(int seconds) {
        if (seconds < 0 || seconds > 3600) {
            throw ApiError.badRequest("Field 'email_ask_delay_seconds' must be 0-3600 (0 asks for an email at once)");
        }
        return seconds;
    }

    /**
     * Per-language overrides: only the widget's languages, each text within the limits of its default; an empty
     * or blank text means "use the default", and a language with no text left is dropped.
     */
    static Map<String, WidgetTexts> validTexts(Map<String, WidgetTexts> texts) {
        Map<String, WidgetTexts> result = new TreeMap<>();
        for (Map.Entry<String, WidgetTexts> entry : texts.entrySet()) {
            String language = entry.getKey();
            if (!WorkspaceSettings.LANGUAGES.contains(language)) {
                throw ApiError.badRequest("Field 'texts' takes the languages " + String.join(", ", WorkspaceSettings.LANGUAGES)
                        + "; '" + abbreviate(language) + "' is not one of them");
            }
            WidgetTexts own = entry.getValue();
            if (own == null) {
                throw ApiError.badRequest("Field 'texts." + language + "' must be an object; leave the language out to use the default texts");
            }
            String prefix = "texts." + language + ".";
            WidgetTexts checked = new WidgetTexts(
                    override(prefix + "launcher_label", own.launcherLabel(), 40),
                    override(prefix + "greeting", own.greeting(), 500),
                    override(prefix + "expected_reply_time", own.expectedReplyTime(), 40));
            if (!checked.isEmpty()) {
                result.put(language, checked);
            }
        }
        return result;
    }

    private static String override(String field, String value, int max) {
        return value == null || value.isBlank() ? null : bounded(field, value, max);
    }

    private static String abbreviate(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }

    private static String validColor(String color) {
        if (!color.matches("#[0-9a-fA-F]{6}")) {
            throw ApiError.badRequest("Field 'color' must be a #rrggbb colour");
        }
        return color.toLowerCase();
    }

    private static String validPosition(String position) {
        if (!position.equals("left") && !position.equals("right")) {
            throw ApiError.badRequest("Field 'position' must be 'left' or 'right'");
        }
        return position;
    }

    /**
     * The site's origin from what people paste as their site's address (a page's URL, a trailing slash):
     * scheme://host[:port], as allowed origins hold it. A 400 when it is missing or no web address.
     */
    public static String siteOrigin(String siteUrl) {
        if (siteUrl == null || siteUrl.isBlank()) {
            throw ApiError.badRequest("Field 'site_url' is required: the address of the site the widget goes on");
        }
        try {
            URI uri = URI.create(siteUrl.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw ApiError.badRequest("Field 'site_url' must be the site's address, like https://shop.example");
            }
            return scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("Field 'site_url' must be the site's address, like https://shop.example");
        }
    }

    /** Origins are scheme://host[:port], nothing else: they are compared exactly with Origin headers. */
    static List<String> validOrigins(List<String> origins) {
        if (origins == null) {
            return List.of();
        }
        if (origins.size() > 50) {
            throw ApiError.badRequest("Field 'allowed_origins' holds at most 50 origins");
        }
        List<String> result = new ArrayList<>();
        for (String origin : origins) {
            URI uri;
            try {
                uri = new URI(origin);
            } catch (Exception e) {
                throw ApiError.badRequest("Invalid origin '" + origin + "'");
            }
            boolean ok = uri.getScheme() != null && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
            if (!ok) {
                throw ApiError.badRequest("Invalid origin '" + origin + "': use scheme://host[:port]");
            }
            result.add(origin.toLowerCase());
        }
        return List.copyOf(result);
    }
}
