package org.parley.kb;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/** The only entry for articles: agents read and search them, admins (and API keys) change them (docs/kb.md). */
public final class KbService {
    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY_BYTES = 100 * 1024;
    public static final int MAX_QUERY = 500;
    static final int MAX_LIST = 1_000;
    /** Published articles indexed per workspace; bounds a runaway knowledge base's memory. */
    static final int MAX_INDEXED = 5_000;

    /** A change: null fields are left as they are (on create, title and body are required). */
    public record Change(String title, String body, String language, Boolean published) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final String baseUrl;
    private final KbRepository repository = new KbRepository();
    private final KbIndex index = new KbIndex();

    public KbService(Database db, Ids ids, Clock clock, String baseUrl) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public List<KbArticle> list(AgentPrincipal agent, String query) {
        String pattern = null;
        if (query != null) {
            String q = clean(query);
            if (q.length() > MAX_QUERY) {
                throw ApiError.badRequest("Query 'q' must be at most " + MAX_QUERY + " characters");
            }
            pattern = q.isEmpty() ? null : "%" + q.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
        }
        String like = pattern;
        return db.read(h -> repository.list(h, agent.workspaceId(), like, MAX_LIST));
    }

    public KbArticle require(AgentPrincipal agent, String id) {
        return db.read(h -> repository.find(h, agent.workspaceId(), id)).orElseThrow(() -> ApiError.notFound("Article"));
    }

    /** A published article of the workspace, for its public page; empty for drafts and unknown ids. */
    public Optional<KbArticle> findPublished(String workspaceId, String id) {
        if (workspaceId == null || id == null || workspaceId.length() > 64 || id.length() > 64) {
            return Optional.empty();
        }
        return db.read(h -> repository.find(h, workspaceId, id)).filter(KbArticle::published);
    }

    public KbArticle create(AgentPrincipal admin, Change change) {
        AgentService.requireAdmin(admin);
        if (change.title() == null) {
            throw ApiError.badRequest("Field 'title' is required");
        }
        if (change.body() == null) {
            throw ApiError.badRequest("Field 'body' is required");
        }
        long now = clock.millis();
        KbArticle article = new KbArticle(ids.newId(), admin.workspaceId(), title(change.title()), body(change.body()),
                change.language() == null ? KbLanguages.DEFAULT : language(change.language()),
                Boolean.TRUE.equals(change.published()), admin.actorId(), now, now);
        db.write(admin.workspaceId(), h -> {
            repository.insert(h, article);
            return null;
        });
        return article;
    }

    public KbArticle update(AgentPrincipal admin, String id, Change change) {
        AgentService.requireAdmin(admin);
        String title = change.title() == null ? null : title(change.title());
        String body = change.body() == null ? null : body(change.body());
        String language = change.language() == null ? null : language(change.language());
        return db.write(admin.workspaceId(), h -> {
            KbArticle current = repository.find(h, admin.workspaceId(), id).orElseThrow(() -> ApiError.notFound("Article"));
            KbArticle updated = new KbArticle(id, current.workspaceId(), title != null ? title : current.title(),
                    body != null ? body : current.body(), language != null ? language : current.language(),
                    change.published() != null ? change.published() : current.published(), current.createdBy(),
                    current.createdAt(), clock.millis());
            repository.update(h, updated);
            return updated;
        });
    }

    public void delete(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        if (db.write(admin.workspaceId(), h -> repository.delete(h, admin.workspaceId(), id)) == 0) {
            throw ApiError.notFound("Article");
        }
    }

    /** The agents' search: 400 on an empty or too long query; {@code language} must be supported when given. */
    public List<KbSuggestion> search(AgentPrincipal agent, String query, String language, int max) {
        String q = query == null ? "" : clean(query);
        if (q.isEmpty()) {
            throw ApiError.badRequest("Query 'q' is required");
        }
        if (q.length() > MAX_QUERY) {
            throw ApiError.badRequest("Query 'q' must be at most " + MAX_QUERY + " characters");
        }
        if (language != null && !KbLanguages.supported(language)) {
            throw ApiError.badRequest("Query 'language' must be one of " + String.join(", ", KbLanguages.codes()));
        }
        return suggest(agent.workspaceId(), q, language, max);
    }

    /**
     * The best published articles for a visitor's question (the answer bot): never throws on the text, which is cut
     * at {@link #MAX_QUERY} characters; {@code language} (may be null) narrows to that language when articles exist in it.
     */
    public List<KbSuggestion> suggest(String workspaceId, String question, String language, int max) {
        String q = question == null ? "" : clean(question);
        if (q.isEmpty()) {
            return List.of();
        }
        String text = q.length() > MAX_QUERY ? q.substring(0, MAX_QUERY) : q;
        String lang = language == null ? null : language.toLowerCase(Locale.ROOT);
        long version = db.read(h -> repository.version(h, workspaceId));
        return index.search(workspaceId, version, () -> db.read(h -> repository.listPublished(h, workspaceId, MAX_INDEXED)),
                        text, lang, Math.max(1, Math.min(max, 10))).stream()
                .map(hit -> new KbSuggestion(hit.id(), hit.title(), hit.excerpt(), hit.score(), hit.language(),
                        publicUrl(workspaceId, hit.id())))
                .toList();
    }

    /** The sanitized HTML of a markdown body (the editor's preview); the body is checked like an article's. */
    public String preview(AgentPrincipal agent, String markdown) {
        if (markdown == null) {
            throw ApiError.badRequest("Field 'body' is required");
        }
        if (markdown.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ApiError.badRequest("Field 'body' must be at most " + MAX_BODY_BYTES + " bytes");
        }
        return html(markdown);
    }

    public String html(String markdown) {
        return KbMarkdown.html(markdown);
    }

    public String publicUrl(String workspaceId, String articleId) {
        return baseUrl + "/kb/" + workspaceId + "/" + articleId;
    }

    public static List<String> languages() {
        return List.copyOf(KbLanguages.codes());
    }

    private static String clean(String text) {
        // Control characters (NUL among them, which PostgreSQL refuses) are never part of a search.
        return text.replaceAll("\\p{Cntrl}", " ").strip();
    }

    private static String title(String title) {
        String t = title.strip();
        if (t.isEmpty() || t.length() > MAX_TITLE) {
            throw ApiError.badRequest("Field 'title' must be 1-" + MAX_TITLE + " characters");
        }
        if (t.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("Field 'title' must not contain control characters");
        }
        return t;
    }

    private static String body(String body) {
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ApiError.badRequest("Field 'body' must be at most " + MAX_BODY_BYTES + " bytes");
        }
        if (body.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field 'body' must not contain NUL characters");
        }
        return body;
    }

    private static String language(String language) {
        if (!KbLanguages.supported(language)) {
            throw ApiError.badRequest("Field 'language' must be one of " + String.join(", ", KbLanguages.codes()));
        }
        return language;
    }
}
