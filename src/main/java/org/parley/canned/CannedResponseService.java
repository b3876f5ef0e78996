package org.parley.canned;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/** The only entry for canned responses: every agent reads them, admins (and API keys) change them. */
public final class CannedResponseService {
    public static final int MAX_TEXT = 5_000;
    public static final int MAX_TITLE = 100;
    public static final int MAX_QUERY = 200;
    /** A workspace's list is returned whole; this only bounds a runaway one. */
    static final int MAX_LIST = 1_000;
    private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9_-]{1,32}");

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final CannedResponseRepository repository = new CannedResponseRepository();

    public CannedResponseService(Database db, Ids ids, Clock clock) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
    }

    /** Sorted by shortcut; {@code query} (optional) matches shortcut, title or text, ignoring case. */
    public List<CannedResponse> list(AgentPrincipal agent, String query) {
        String pattern = null;
        if (query != null) {
            // Control characters (NUL among them, which PostgreSQL refuses) are never part of a response.
            String q = query.replaceAll("\\p{Cntrl}", " ").strip();
            if (q.length() > MAX_QUERY) {
                throw ApiError.badRequest("Query 'q' must be at most " + MAX_QUERY + " characters");
            }
            pattern = q.isEmpty() ? null : "%" + escapeLike(q.toLowerCase(Locale.ROOT)) + "%";
        }
        String like = pattern;
        return db.read(h -> repository.list(h, agent.workspaceId(), like, MAX_LIST));
    }

    public CannedResponse create(AgentPrincipal admin, CannedResponseChange change) {
        AgentService.requireAdmin(admin);
        if (change.shortcut() == null) {
            throw ApiError.badRequest("Field 'shortcut' is required");
        }
        if (change.text() == null) {
            throw ApiError.badRequest("Field 'text' is required");
        }
        String shortcut = validShortcut(change.shortcut());
        String title = validTitle(change.title());
        String text = validText(change.text());
        long now = clock.millis();
        CannedResponse created = new CannedResponse(ids.newId(), admin.workspaceId(), shortcut, title, text,
                admin.actorId(), now, now);
        return db.write(admin.workspaceId(), h -> {
            if (repository.shortcutTaken(h, admin.workspaceId(), shortcut, null)) {
                throw taken(shortcut);
            }
            repository.insert(h, created);
            return created;
        });
    }

    /** Changes the given fields; a null field is left as it is. */
    public CannedResponse update(AgentPrincipal admin, String id, CannedResponseChange change) {
        AgentService.requireAdmin(admin);
        String shortcut = change.shortcut() == null ? null : validShortcut(change.shortcut());
        String title = change.title() == null ? null : validTitle(change.title());
        String text = change.text() == null ? null : validText(change.text());
        return db.write(admin.workspaceId(), h -> {
            CannedResponse current = repository.find(h, admin.workspaceId(), id)
                    .orElseThrow(() -> ApiError.notFound("Canned response"));
            if (shortcut != null && repository.shortcutTaken(h, admin.workspaceId(), shortcut, id)) {
                throw taken(shortcut);
            }
            CannedResponse updated = new CannedResponse(id, current.workspaceId(),
                    shortcut != null ? shortcut : current.shortcut(), title != null ? title : current.title(),
                    text != null ? text : current.text(), current.createdBy(), current.createdAt(), clock.millis());
            repository.update(h, updated);
            return updated;
        });
    }

    public void delete(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        if (db.write(admin.workspaceId(), h -> repository.delete(h, admin.workspaceId(), id)) == 0) {
            throw ApiError.notFound("Canned response");
        }
    }

    private static ApiError taken(String shortcut) {
        return ApiError.conflict("The shortcut '" + shortcut + "' is already used by another canned response");
    }

    private static String validShortcut(String shortcut) {
        if (!SHORTCUT.matcher(shortcut).matches()) {
            throw ApiError.badRequest("Field 'shortcut' must be 1-32 characters of a-z 0-9 _ -");
        }
        return shortcut;
    }

    private static String validTitle(String title) {
        if (title == null) {
            return "";
        }
        String stripped = title.strip();
        if (stripped.length() > MAX_TITLE) {
            throw ApiError.badRequest("Field 'title' must be at most " + MAX_TITLE + " characters");
        }
        if (stripped.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field 'title' must not contain NUL characters");
        }
        return stripped;
    }

    private static String validText(String text) {
        if (text.isBlank()) {
            throw ApiError.badRequest("Field 'text' must not be empty");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw ApiError.badRequest("Field 'text' must be at most " + MAX_TEXT + " characters");
        }
        if (text.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field 'text' must not contain NUL characters");
        }
        return text;
    }

    /** A LIKE pattern that matches {@code value} literally (escape character !, see the repository). */
    static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
