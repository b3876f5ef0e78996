package org.parley.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.contact.Contact;
import org.parley.contact.ContactService;
import org.parley.conversation.ConversationJson;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.storage.Database;

/**
 * The agents' search: conversations by the words of their messages (private notes included, system
 * messages not), contacts by name or email. Only the caller's workspace.
 */
public final class SearchService {
    public static final int MAX_QUERY = 200;
    public static final int MAX_LIMIT = 50;

    /** A conversation found by one of its messages (the latest that matched). */
    public record ConversationHit(ConversationJson.ForAgent conversation, MessageHit message) {
    }

    public record MessageHit(String id, long seq, String text, String snippet) {
    }

    public record Results(List<ConversationHit> conversations, List<Contact> contacts) {
    }

    private final Database db;
    private final ConversationService conversations;
    private final ContactService contacts;
    private final SearchRepository repository;

    private final SearchIndexer indexer;

    public SearchService(Database db, ConversationService conversations, ContactService contacts, SearchIndexer indexer) {
        this.indexer = indexer;
        this.db = db;
        this.conversations = conversations;
        this.contacts = contacts;
        this.repository = new SearchRepository(db.dialect());
    }

    public Results search(AgentPrincipal agent, String text, int limit) {
        indexer.indexPending(); // messages of the last few hundred milliseconds too
        String q = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ").strip();
        if (q.isEmpty() || q.length() > MAX_QUERY) {
            throw ApiError.badRequest("Query 'q' must be 1-" + MAX_QUERY + " characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.badRequest("Query 'limit' must be between 1 and " + MAX_LIMIT);
        }
        SearchQuery query = SearchQuery.parse(q);
        List<ConversationHit> found = new ArrayList<>();
        if (!query.isEmpty()) {
            List<SearchRepository.Hit> hits = db.read(h -> repository.messages(h, agent.workspaceId(), query, limit));
            Map<String, ConversationJson.ForAgent> views = conversations.viewsForAgent(agent,
                    hits.stream().map(SearchRepository.Hit::conversationId).toList());
            for (SearchRepository.Hit hit : hits) {
                ConversationJson.ForAgent view = views.get(hit.conversationId());
                if (view != null) {
                    found.add(new ConversationHit(view, new MessageHit(hit.messageId(), hit.seq(), hit.text(),
                            Snippet.of(hit.text(), query.words()))));
                }
            }
        }
        return new Results(found, contacts.listMatching(agent.workspaceId(), q, limit));
    }
}
