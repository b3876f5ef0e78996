package org.parley.message;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.conversation.ThreadOwner;
import org.parley.conversation.ThreadOwnership;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.file.FileJson;
import org.parley.file.FileService;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.Agent;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.identity.BotPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/**
 * The one write path for messages (DESIGN.md section 3): authorise, validate, one transaction
 * (idempotency check, seq, insert, event log), then publish after commit.
 */
public final class MessageService {
    public static final int MAX_TEXT = 10_000;
    public static final int MAX_PAGE = 200;
    public static final int MAX_MENTIONS = 20;
    /** Internal readers (resume) may read more than a REST page at once. */
    private static final int MAX_LIST = 1001;
    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** What a send returns: the stored message, and whether this was a retry of an earlier send. */
    public record SendResult(Message message, boolean duplicate) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventLog eventLog;
    private final EventBus bus;
    private final ConversationService conversations;
    private final AgentService agents;
    private final ThreadOwnership ownership;
    private final FileService files;
    private final MessageRepository repository = new MessageRepository();

    public MessageService(Database db, Ids ids, Clock clock, EventLog eventLog, EventBus bus,
                          ConversationService conversations, AgentService agents, ThreadOwnership ownership,
                          FileService files) {
        this.ownership = ownership;
        this.files = files;
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.eventLog = eventLog;
        this.bus = bus;
        this.conversations = conversations;
        this.agents = agents;
    }

    public SendResult send(Principal principal, SendMessage command) {
        validate(principal, command);
        String content = contentOf(principal, command);
        try {
            return write(principal, command, content);
        } catch (ApiError e) {
            if (!e.code().equals(OWNED_BY_BOT) || !(principal instanceof AgentPrincipal agent) || agent.isApp()) {
                throw e;
            }
            // A person's reply into a bot's thread takes it for the humans first, in its own transaction, then is
            // written (once more: given back meanwhile, it answers 409).
            ownership.take(agent, command.conversationId(), "agent_replied");
            return write(principal, command, content);
        }
    }

    private static final String OWNED_BY_BOT = "owned_by_bot";

    private SendResult write(Principal principal, SendMessage command, String content) {
        Sender sender = senderOf(principal);
        String onlyContact = principal instanceof VisitorPrincipal visitor ? visitor.contactId() : null;
        // Who must own the thread, checked where the seq is taken (docs/bots.md, the race rule): a bot writes only
        // while it owns it, a person's visible reply only while the humans do (else OWNED_BY_BOT, and send takes it).
        String onlyOwner = principal instanceof BotPrincipal bot ? bot.owner()
                : principal instanceof AgentPrincipal app && app.isApp() ? (command.isPrivate() ? null : ThreadOwner.app(app.appId()))
                : principal instanceof AgentPrincipal && !command.isPrivate() ? ThreadOwner.HUMANS : null;
        Sent sent = db.write(principal.workspaceId(), h -> {
            // Scoped by sender: a hit is this principal's own earlier message, so it may be returned.
            var existing = repository.findByClientId(h, principal.workspaceId(), command.conversationId(), sender.type(),
                    sender.id(), command.clientMsgId());
            if (existing.isPresent()) {
                Message earlier = existing.get();
                if (!MessageAttachments.sameMessage(earlier, command, content)) {
                    throw ApiError.conflict("client_msg_id '" + command.clientMsgId() + "' was already used for another message");
                }
                return new Sent(new SendResult(earlier, true), null, false);
            }
            long now = clock.millis();
            boolean visible = !command.isPrivate();
            String messageId = ids.newId();
            String text = command.text();
            String stored = content;
            if (!command.attachments().isEmpty()) {
                // Claimed first, on this transaction: a refusal below rolls the claim back with everything else.
                List<FileJson> attached = files.attach(h, principal, command.conversationId(), messageId,
                        command.isPrivate(), command.attachments(), now);
                text = text.isBlank() ? MessageAttachments.plainText(attached) : text;
                stored = MessageAttachments.withAttachments(content, attached);
            }
            String preview = visible ? preview(text) : null;
            // A flow's greeting is not the team's first reply (response times, the waiting count).
            boolean agentReply = visible && !(principal instanceof BotPrincipal)
                    && !(principal instanceof AgentPrincipal app && app.isApp())
                    && (sender.type() == SenderType.AGENT || sender.type() == SenderType.BOT);
            MessageRepository.Allocation allocation = repository.nextSeq(h, principal.workspaceId(), command.conversationId(),
                    onlyContact, onlyOwner, now, preview, agentReply).orElseThrow(() -> refusal(h, principal, command, onlyOwner));
            Message message = new Message(messageId, principal.workspaceId(), command.conversationId(), allocation.seq(),
                    sender.type(), sender.id(), sender.name(), command.clientMsgId(), text, stored,
                    command.isPrivate(), now);
            repository.insert(h, message);
            String payload = Json.write(MessageJson.of(message));
            RecordedEvent recorded = eventLog.append(h, principal.workspaceId(), message.conversationId(),
                    allocation.contactId(), "message.created", allocation.seq(), payload, visible ? payload : null);
            boolean reopen = sender.type() == SenderType.CONTACT
                    && (allocation.status().equals("RESOLVED") || allocation.status().equals("SNOOZED"));
            return new Sent(new SendResult(message, false),
                    new MessageEvent.MessageSent(message, allocation.contactId(), recorded), reopen);
        }, result -> {
            if (result.event() != null) {
                bus.publish(result.event());
            }
        });
        if (sent.reopen()) {
            // A visitor writing into a resolved or snoozed conversation opens it again for the team.
            conversations.reopenByContact((VisitorPrincipal) principal, command.conversationId());
        }
        return sent.result();
    }

    /** Why no seq was taken: a bot no longer owns the thread, a bot owns a person's target, or no such conversation. */
    private ApiError refusal(org.jdbi.v3.core.Handle h, Principal principal, SendMessage command, String onlyOwner) {
        if (principal instanceof BotPrincipal || (principal instanceof AgentPrincipal app && app.isApp()
                && conversations.find(h, principal.workspaceId(), command.conversationId()).isPresent())) {
            return new ApiError(409, "not_thread_owner", "This bot no longer owns the conversation");
        }
        if (ThreadOwner.HUMANS.equals(onlyOwner)
                && conversations.find(h, principal.workspaceId(), command.conversationId()).isPresent()) {
            return new ApiError(409, OWNED_BY_BOT, "A bot owns this conversation; take it first");
        }
        return ApiError.notFound("Conversation");
    }

    /** A visitor's own message by its client_msg_id (an emailed reply's, to know a redelivery before its files). */
    public java.util.Optional<Message> findSent(VisitorPrincipal visitor, String conversationId, String clientMsgId) {
        return db.read(h -> repository.findByClientId(h, visitor.workspaceId(), conversationId, SenderType.CONTACT,
                visitor.contactId(), clientMsgId));
    }

    /** Messages after {@code afterSeq} in seq order; visitors never get private notes. */
    public List<Message> list(Principal principal, String conversationId, long afterSeq, int limit) {
        Conversation conversation = conversations.require(principal, conversationId);
        if (afterSeq < 0) {
            throw ApiError.badRequest("'after' must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw ApiError.badRequest("'limit' must be 1-" + MAX_LIST);
        }
        boolean includePrivate = principal instanceof AgentPrincipal;
        return db.read(h -> repository.listAfter(h, principal.workspaceId(), conversation.id(), afterSeq, limit, includePrivate));
    }

    /**
     * Messages with seq below {@code beforeSeq}, the newest {@code limit} of them, oldest first; visitors never
     * get private notes (or system messages, which are private).
     */
    public List<Message> listBefore(Principal principal, String conversationId, long beforeSeq, int limit) {
        Conversation conversation = conversations.require(principal, conversationId);
        if (beforeSeq < 1) {
            throw ApiError.badRequest("'before' must be 1 or more");
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw ApiError.badRequest("'limit' must be 1-" + MAX_LIST);
        }
        boolean includePrivate = principal instanceof AgentPrincipal;
        List<Message> newestFirst = db.read(h -> repository.listBefore(h, principal.workspaceId(), conversation.id(),
                beforeSeq, limit, includePrivate));
        List<Message> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /**
     * The stored content of a note with mentions, {"mentions": [agent ids]}, or null without mentions. Mentions
     * are for private notes only and must name at most 20 distinct active agents of the caller's workspace;
     * repeated ids count once. Checked before the write, like the rest of the input.
     */
    private String contentOf(Principal principal, SendMessage command) {
        if (command.payload() != null) {
            if (!(principal instanceof VisitorPrincipal)) {
                throw ApiError.badRequest("Field 'payload' is for a visitor's tap on a quick reply or button");
            }
            return RichContent.validatePayload(command.payload());
        }
        if (command.content() != null && !command.content().isNull()) {
            if (principal instanceof BotPrincipal) {
                return Json.write(command.content()); // made by the engine from a validated definition
            }
            if (!(principal instanceof AgentPrincipal)) {
                throw ApiError.badRequest("Unknown field 'content'");
            }
            if (command.isPrivate()) {
                throw ApiError.badRequest("Field 'content' is not for private notes");
            }
            if (!command.mentions().isEmpty()) {
                throw ApiError.badRequest("Field 'mentions' is only for private notes");
            }
            return RichContent.validate(command.content());
        }
        return mentionsContent(principal, command);
    }

    private String mentionsContent(Principal principal, SendMessage command) {
        if (command.mentions().isEmpty()) {
            return null;
        }
        if (!command.isPrivate() || !(principal instanceof AgentPrincipal agent)) {
            throw ApiError.badRequest("Field 'mentions' is only for private notes");
        }
        if (command.mentions().stream().anyMatch(Objects::isNull)) {
            throw ApiError.badRequest("Field 'mentions' must hold agent ids, not null");
        }
        Set<String> distinct = new LinkedHashSet<>(command.mentions());
        if (distinct.size() > MAX_MENTIONS) {
            throw ApiError.badRequest("Field 'mentions' may name at most " + MAX_MENTIONS + " agents");
        }
        Map<String, Agent> team = agents.list(agent).stream().collect(Collectors.toMap(Agent::id, a -> a));
        for (String id : distinct) {
            Agent mentioned = team.get(id);
            if (mentioned == null) {
                throw ApiError.badRequest("Field 'mentions' names '" + abbreviate(id) + "', which is not an agent of this workspace");
            }
            if (!mentioned.active()) {
                throw ApiError.badRequest("Field 'mentions' names '" + id + "', a deactivated agent");
            }
        }
        return Json.write(Map.of("mentions", List.copyOf(distinct)));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private record Sent(SendResult result, MessageEvent event, boolean reopen) {
    }

    private record Sender(SenderType type, String id, String name) {
    }

    private static Sender senderOf(Principal principal) {
        return switch (principal) {
            case VisitorPrincipal v -> new Sender(SenderType.CONTACT, v.contactId(), null);
            case AgentPrincipal a when a.isApp() -> new Sender(SenderType.BOT, ThreadOwner.app(a.appId()), a.name());
            case AgentPrincipal a when a.isIntegration() -> new Sender(SenderType.BOT, a.apiKeyId(), a.name());
            case AgentPrincipal a -> new Sender(SenderType.AGENT, a.agentId(), a.name());
            case BotPrincipal b -> new Sender(SenderType.BOT, "flow:" + b.flowId(), b.name());
        };
    }

    /** Checks a message's own fields; callers that create something first (a conversation) call it before. */
    public static void validateContent(String clientMsgId, String text) {
        validateContent(clientMsgId, text, false);
    }

    /** As above; a message with files may have an empty text (its file names become its plain-text rendering). */
    public static void validateContent(String clientMsgId, String text, boolean hasFiles) {
        if (clientMsgId == null || !CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
            throw ApiError.badRequest("Field 'client_msg_id' must be 1-64 characters of A-Z a-z 0-9 _ . : -");
        }
        if (text == null || (text.isBlank() && !hasFiles)) {
            throw ApiError.badRequest("Field 'text' must not be empty");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw ApiError.tooLarge("Field 'text' must be at most " + MAX_TEXT + " characters");
        }
        // NUL cannot be stored by PostgreSQL and has no place in chat text: refuse it everywhere alike.
        if (text.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field 'text' must not contain NUL characters");
        }
    }

    private void validate(Principal principal, SendMessage command) {
        if (!command.attachments().isEmpty()) {
            if (principal instanceof BotPrincipal) {
                throw ApiError.badRequest("Flows send no files");
            }
            files.validateIds(command.attachments());
        }
        validateContent(command.clientMsgId(), command.text(), !command.attachments().isEmpty());
        if (command.isPrivate() && principal instanceof VisitorPrincipal) {
            throw ApiError.forbidden("Only agents can write private notes");
        }
    }

    private static String preview(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 140 ? flat : flat.substring(0, 140);
    }
}
