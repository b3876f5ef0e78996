package org.parley.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.parley.contact.Contact;
import org.parley.contact.ContactService;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationEvent;
import org.parley.conversation.ConversationService;
import org.parley.conversation.ThreadOwnership;
import org.parley.eventbus.DomainEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.BotPrincipal;
import org.parley.message.Message;
import org.parley.message.MessageEvent;
import org.parley.message.MessageService;
import org.parley.message.SendMessage;
import org.parley.message.SenderType;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Async subscriber that runs flows in their conversations: a conversation started under a flow, a visitor's
 * message, a run's timer and the thread given back each make one turn of {@link FlowEngine}, whose actions go
 * through the same services as everyone's (the bot's messages through {@link MessageService#send}). One turn at
 * a time per conversation; a turn is driven by the stored run, so repeating it (a crash, a duplicate event)
 * repeats no message: each bot message's client_msg_id is its number in the run.
 */
public final class FlowRunner {
    private static final Logger log = LoggerFactory.getLogger(FlowRunner.class);
    private static final int WAKE_BATCH = 100;

    private enum Cause { START, ANSWER, TIMER, RESUME }

    private final Database db;
    private final Clock clock;
    private final FlowThreads threads;
    private final ConversationService conversations;
    private final ThreadOwnership ownership;
    private final MessageService messages;
    private final ContactService contacts;
    private final FlowRepository repository = new FlowRepository();
    private final ReentrantLock[] locks = new ReentrantLock[64];
    /**
     * Test hook: runs on the turn's thread just before each bot message is sent, so a test can put an agent's
     * takeover exactly between a turn's decision and its send (FlowRaceIT). A no-op in production.
     */
    private volatile Runnable beforeSend = () -> { };

    public FlowRunner(Database db, Clock clock, FlowThreads threads, ConversationService conversations,
                      ThreadOwnership ownership, MessageService messages, ContactService contacts) {
        this.db = db;
        this.clock = clock;
        this.threads = threads;
        this.conversations = conversations;
        this.ownership = ownership;
        this.messages = messages;
        this.contacts = contacts;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public void on(DomainEvent event) {
        switch (event) {
            case ConversationEvent.ConversationCreated created when created.conversation().ownedByFlow() ->
                    turn(created.conversation().workspaceId(), created.conversation().id(), Cause.START, null);
            case MessageEvent.MessageSent sent when sent.message().senderType() == SenderType.CONTACT
                    && !sent.message().isPrivate() ->
                    turn(sent.message().workspaceId(), sent.message().conversationId(), Cause.ANSWER, sent.message());
            case ConversationEvent.ConversationHandedOver handed when handed.reason().equals("given_back") ->
                    turn(handed.conversation().workspaceId(), handed.conversation().id(), Cause.RESUME, null);
            default -> {
            }
        }
    }

    /** Takes every due turn (waits that ended, questions unanswered past the timeout); run every second by a job. */
    public int wakeDue() {
        int taken = 0;
        try {
            List<FlowRun> due = db.read(h -> repository.listDue(h, clock.millis(), WAKE_BATCH));
            for (FlowRun run : due) {
                taken += turn(run.workspaceId(), run.conversationId(), Cause.TIMER, null) ? 1 : 0;
            }
        } catch (RuntimeException e) {
            log.warn("flow wake-up failed: {}", e.toString());
        }
        return taken;
    }

    /**
     * Takes the answers a crash left untaken (written and acknowledged, their turn never run), so the visitor is not
     * left waiting for the question's timeout; run once when a node starts. Returns how many turns it took.
     */
    public int recover() {
        int taken = 0;
        try {
            for (FlowRun run : db.read(h -> repository.listUnanswered(h, WAKE_BATCH * 10))) {
                Message answer = db.read(h -> repository.firstVisitorMessageAfter(h, run.workspaceId(), run.conversationId(),
                        run.askedSeq())).orElse(null);
                if (answer != null) {
                    taken += turn(run.workspaceId(), run.conversationId(), Cause.ANSWER, answer) ? 1 : 0;
                }
            }
        } catch (RuntimeException e) {
            log.warn("flow recovery failed: {}", e.toString());
        }
        return taken;
    }

    private boolean turn(String workspaceId, String conversationId, Cause cause, Message message) {
        ReentrantLock lock = locks[Math.floorMod(conversationId.hashCode(), locks.length)];
        lock.lock();
        try {
            return take(workspaceId, conversationId, cause, message);
        } catch (RuntimeException e) {
            log.warn("flow turn in conversation {} failed: {}", conversationId, e.toString());
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean take(String workspaceId, String conversationId, Cause cause, Message message) {
        record Loaded(FlowRun run, Conversation conversation, FlowDefinition definition, FlowEngine.Context context,
                      String name) {
        }
        Loaded loaded = db.read(h -> {
            FlowRun run = repository.findRun(h, workspaceId, conversationId).orElse(null);
            if (run == null || !run.status().equals(FlowRun.RUNNING)) {
                return null;
            }
            Conversation conversation = conversations.find(h, workspaceId, conversationId).orElse(null);
            if (conversation == null || !run.owner().equals(conversation.owner())) {
                return null;
            }
            String name = repository.find(h, workspaceId, run.flowId()).map(Flow::name).orElse("Bot");
            return new Loaded(run, conversation, threads.definition(h, workspaceId, run.flowId(), run.version()),
                    threads.context(h, conversation), name);
        });
        if (loaded == null || loaded.definition() == null) {
            return false;
        }
        FlowRun run = loaded.run();
        if (cause == Cause.TIMER && (run.wakeAt() == null || run.wakeAt() > clock.millis())) {
            // Found due in an earlier read, but a turn taken meanwhile (an answer) set a new timer, or none.
            return false;
        }
        FlowEngine.State state = Json.parse(run.state(), FlowEngine.State.class);
        boolean started = state.step() != null;
        if (cause == Cause.TIMER && "answer".equals(state.waiting())) {
            // An answer written before a crash and never taken answers now, instead of the question timing out.
            Message unanswered = db.read(h -> repository.firstVisitorMessageAfter(h, workspaceId, conversationId,
                    run.askedSeq())).orElse(null);
            if (unanswered != null) {
                cause = Cause.ANSWER;
                message = unanswered;
            }
        }
        if (cause == Cause.ANSWER && message.seq() <= run.askedSeq()) {
            return false; // written before the question it would answer (or already taken)
        }
        String answerId = cause == Cause.ANSWER ? message.clientMsgId() : null;
        if (answerId != null && db.read(h -> repository.isOpeningMessage(h, workspaceId, conversationId, answerId))) {
            return false; // typed before any question, though stored after the first one (see isOpeningMessage)
        }
        FlowEngine.Turn turn = switch (cause) {
            case START -> started ? null : FlowEngine.start(loaded.definition(), loaded.context());
            case ANSWER -> started ? FlowEngine.answer(loaded.definition(), state, message.text(), payload(message),
                    loaded.context()) : null;
            case TIMER -> !started ? FlowEngine.start(loaded.definition(), loaded.context())
                    : state.waiting() != null ? FlowEngine.wake(loaded.definition(), state, loaded.context())
                    : FlowEngine.resume(loaded.definition(), state, loaded.context());
            case RESUME -> FlowEngine.resume(loaded.definition(), state, loaded.context());
        };
        if (turn == null) {
            return false;
        }
        if (turn.actions().isEmpty() && turn.outcome() == FlowEngine.Outcome.WAITING && turn.state().equals(state)) {
            // Nothing happened (a message while the flow waits): the run stays as it is, its timer included.
            return false;
        }
        BotPrincipal bot = new BotPrincipal(workspaceId, run.owner(), run.flowId(), loaded.name());
        // An answer moves the watermark to itself; each question the bot asks moves it to the question.
        long askedSeq = cause == Cause.ANSWER ? message.seq() : run.askedSeq();
        for (FlowEngine.Action action : turn.actions()) {
            long seq = act(bot, run, loaded.conversation(), action);
            if (seq < 0) {
                keepNumbers(run, state, turn);
                return true; // the thread left the bot meanwhile: the humans have it, the run has ended
            }
            askedSeq = Math.max(askedSeq, seq);
        }
        if (turn.outcome() == FlowEngine.Outcome.HANDED_OFF) {
            keepNumbers(run, state, turn);
            return true; // ended by the hand-off itself (ThreadControl.ownerChanged)
        }
        long now = clock.millis();
        boolean resolved = turn.outcome() == FlowEngine.Outcome.RESOLVED;
        String reason = turn.actions().stream().filter(a -> a instanceof FlowEngine.Resolve)
                .map(a -> ((FlowEngine.Resolve) a).reason()).findFirst().orElse("resolved");
        FlowRun next = new FlowRun(run.conversationId(), workspaceId, run.flowId(), run.version(),
                resolved ? "resolved" : FlowRun.RUNNING, turn.state().step(), Json.write(turn.state()),
                resolved ? reason : null, run.startedAt(), resolved ? now : null,
                turn.wakeAt() == null ? null : turn.wakeAt().toEpochMilli(), askedSeq);
        db.write(workspaceId, h -> repository.saveTurn(h, next));
        if (resolved) {
            // A resolved thread goes back to the humans, so a later message from the visitor reaches them.
            ownership.handOver(workspaceId, conversationId, run.owner(), "resolved");
        }
        return true;
    }

    /**
     * A turn that ended the run is not saved (the run stays at the step it was at, for a give-back), but the message
     * numbers it used are: a run given back must never reuse one, or its next message would collide with an earlier
     * one's client_msg_id (409) and be silently dropped.
     */
    private void keepNumbers(FlowRun run, FlowEngine.State before, FlowEngine.Turn turn) {
        FlowEngine.State kept = new FlowEngine.State(before.step(), before.waiting(), before.reasks(), before.answers(),
                turn.state().said());
        db.write(run.workspaceId(), h -> repository.saveState(h, run.workspaceId(), run.conversationId(), Json.write(kept)));
    }

    /** Does one action: the seq of the message it wrote, 0 for none, -1 once the bot no longer owns the thread. */
    private long act(BotPrincipal bot, FlowRun run, Conversation conversation, FlowEngine.Action action) {
        String ws = bot.workspaceId();
        String id = conversation.id();
        switch (action) {
            case FlowEngine.Say say -> {
                return send(bot, new SendMessage(id, "flow." + run.version() + "." + say.number(), say.text(), false,
                        List.of(), say.content(), null));
            }
            case FlowEngine.SetAttribute set when set.target().equals("conversation") -> {
                return ownership.setAttributes(ws, id, bot.owner(), Map.of(set.name(), set.value())) ? 0 : -1;
            }
            case FlowEngine.SetAttribute set -> {
                // Contacts know nothing of thread owners: check it here, so a bot that lost the thread saves nothing.
                boolean owns = db.read(h -> conversations.find(h, ws, id)).map(c -> bot.owner().equals(c.owner()))
                        .orElse(false);
                if (!owns) {
                    return -1;
                }
                Contact contact = contacts.find(ws, conversation.contactId()).orElse(null);
                // An email answer becomes the contact's typed email when it has none, so follow-ups reach it.
                String email = set.name().equals("email") && contact != null && contact.email() == null ? set.value() : null;
                contacts.update(ws, conversation.contactId(), new ContactService.ContactChange(null, email,
                        Map.of(set.name(), set.value())));
                return 0;
            }
            case FlowEngine.Assign assign -> {
                ownership.assign(ws, id, bot.owner(), assign.agentId());
                return 0;
            }
            case FlowEngine.Resolve ignored -> {
                return ownership.resolve(ws, id, bot.owner()) ? 0 : -1;
            }
            case FlowEngine.HandOff handOff -> {
                if (!handOff.answers().isEmpty()) {
                    ObjectNode summary = Json.MAPPER.createObjectNode();
                    ObjectNode body = summary.putObject("summary").put("flow_id", run.flowId()).put("version", run.version());
                    ObjectNode answers = body.putObject("answers");
                    handOff.answers().forEach(answers::put);
                    String text = "Collected by " + bot.name() + ": " + handOff.answers().entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(" · "));
                    if (send(bot, new SendMessage(id, "flow." + run.version() + "." + handOff.number(), text, true, List.of(),
                            summary, null)) < 0) {
                        return -1;
                    }
                }
                return (handOff.appId() == null ? ownership.handOver(ws, id, bot.owner(), handOff.reason())
                        : ownership.handOverToApp(ws, id, bot.owner(), handOff.appId(), handOff.reason(), handOff.answers()))
                        .isPresent() ? 0 : -1;
            }
        }
    }

    /** Sets (null: clears) the hook run just before each bot message is sent; for tests only. */
    void beforeSend(Runnable hook) {
        beforeSend = hook == null ? () -> { } : hook;
    }

    private long send(BotPrincipal bot, SendMessage message) {
        beforeSend.run();
        try {
            return messages.send(bot, message).message().seq();
        } catch (ApiError e) {
            if (e.status() == 409) {
                return -1;
            }
            throw e;
        }
    }

    private static String payload(Message message) {
        if (message.content() == null) {
            return null;
        }
        Optional<String> payload = Optional.ofNullable(Json.tree(message.content()).get("payload"))
                .filter(n -> n.isTextual()).map(n -> n.asText());
        return payload.orElse(null);
    }
}
