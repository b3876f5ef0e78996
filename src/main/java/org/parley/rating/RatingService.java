package org.parley.rating;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.conversation.ConversationStatus;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;
import org.parley.storage.Database;

/**
 * The only write entry for ratings. A visitor rates only its own contact's conversations (another's, or
 * another workspace's, is the same 404 as a missing one), and only once it is resolved (409 otherwise).
 * Rating again replaces the rating; {@code conversation.rated} goes to the workspace's agents and to the
 * contact's other tabs after commit.
 */
public final class RatingService {
    private final Database db;
    private final Clock clock;
    private final EventLog eventLog;
    private final EventBus bus;
    private final ConversationService conversations;
    private final RatingRepository repository = new RatingRepository();

    public RatingService(Database db, Clock clock, EventLog eventLog, EventBus bus, ConversationService conversations) {
        this.db = db;
        this.clock = clock;
        this.eventLog = eventLog;
        this.bus = bus;
        this.conversations = conversations;
    }

    public Rating rate(VisitorPrincipal visitor, String conversationId, RateConversation command) {
        Conversation owned = conversations.require(visitor, conversationId);
        RateConversation rating = command.validated();
        long now = clock.millis();
        ConversationRated rated = db.write(visitor.workspaceId(), h -> {
            // Read again in the write: a reopening that committed meanwhile is seen.
            Conversation c = conversations.find(h, owned.workspaceId(), owned.id())
                    .orElseThrow(() -> ApiError.notFound("Conversation"));
            if (c.status() != ConversationStatus.RESOLVED) {
                throw new ApiError(409, "not_resolved", "Only a resolved conversation can be rated");
            }
            String agentId = c.assigneeId() != null ? c.assigneeId()
                    : repository.lastAgentReply(h, c.workspaceId(), c.id()).orElse(null);
            repository.upsert(h, new Rating(c.id(), c.workspaceId(), c.contactId(), rating.score(), rating.comment(),
                    agentId, now, now));
            Rating stored = repository.find(h, c.workspaceId(), c.id()).orElseThrow();
            return new ConversationRated(stored, record(h, stored));
        }, bus::publish);
        return rated.rating();
    }

    /** The conversation's rating, if it has one; 404 when the principal may not see the conversation. */
    public Optional<Rating> find(Principal principal, String conversationId) {
        Conversation conversation = conversations.require(principal, conversationId);
        return db.read(h -> repository.find(h, conversation.workspaceId(), conversation.id()));
    }

    private RecordedEvent record(org.jdbi.v3.core.Handle h, Rating r) {
        String forAgents = Json.write(Map.of("conversation_id", r.conversationId(), "rating", RatingJson.forAgent(r)));
        String forVisitor = Json.write(Map.of("conversation_id", r.conversationId(), "rating", RatingJson.forVisitor(r)));
        return eventLog.append(h, r.workspaceId(), r.conversationId(), r.contactId(), "conversation.rated", 0,
                forAgents, forVisitor);
    }
}
