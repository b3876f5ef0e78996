package org.parley.app;

import java.time.Clock;
import java.util.Map;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.conversation.ThreadOwner;
import org.parley.conversation.ThreadOwnership;
import org.parley.eventbus.DomainEvent;
import org.parley.http.Json;
import org.parley.message.Message;
import org.parley.message.MessageEvent;
import org.parley.message.SenderType;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a visitor from being stuck with a bot app that does not answer (docs/apps.md): the widget's "Talk to a
 * person" ({@code parley:human}) gives an app-owned thread to the humans at once, and a visitor message the owning
 * app leaves unanswered longer than its {@code reply_timeout_seconds} does too (reason {@code app_unresponsive}).
 */
public final class AppWatch {
    static final String HUMAN_PAYLOAD = "parley:human";
    private static final Logger log = LoggerFactory.getLogger(AppWatch.class);

    private final Database db;
    private final Clock clock;
    private final ConversationService conversations;
    private final ThreadOwnership ownership;
    private final AppRepository repository = new AppRepository();

    public AppWatch(Database db, Clock clock, ConversationService conversations, ThreadOwnership ownership) {
        this.db = db;
        this.clock = clock;
        this.conversations = conversations;
        this.ownership = ownership;
    }

    /** Async subscriber: a visitor's tap on "Talk to a person" in a thread an app owns. */
    public void on(DomainEvent event) {
        if (!(event instanceof MessageEvent.MessageSent sent) || sent.message().senderType() != SenderType.CONTACT
                || !HUMAN_PAYLOAD.equals(payload(sent.message()))) {
            return;
        }
        Message message = sent.message();
        Conversation conversation = db.read(h -> conversations.find(h, message.workspaceId(), message.conversationId()))
                .orElse(null);
        if (conversation != null && ThreadOwner.appId(conversation.owner()) != null) {
            ownership.handOver(message.workspaceId(), message.conversationId(), conversation.owner(), "visitor_asked");
        }
    }

    /** Hands over every thread whose app left a visitor waiting too long; runs every few seconds, never throws. */
    public int sweep() {
        try {
            int handed = 0;
            for (AppRepository.Unanswered waiting : db.read(h -> repository.unanswered(h, clock.millis(), 200))) {
                if (ownership.handOver(waiting.workspaceId(), waiting.conversationId(), waiting.owner(), "app_unresponsive")
                        .isPresent()) {
                    handed++;
                }
            }
            return handed;
        } catch (RuntimeException e) {
            log.error("app watch sweep failed", e);
            return 0;
        }
    }

    private static String payload(Message message) {
        if (message.content() == null) {
            return null;
        }
        Object payload = Json.parse(message.content(), Map.class).get("payload");
        return payload instanceof String s ? s : null;
    }
}
