package org.parley.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.contact.ContactLocale;
import org.parley.contact.ContactService;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.identity.VisitorPrincipal;
import org.parley.mail.Mailer;
import org.parley.message.Message;
import org.parley.message.MessageService;
import org.parley.message.SenderType;
import org.parley.storage.Database;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.Json;
import org.parley.storage.Ids;
import org.parley.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due notification jobs: claim (a write: status sending, a lease, attempts + 1), then outside any
 * transaction compute the unseen replies and send, then complete (a write: sent or skipped, the channel's
 * watermark, reply reach, a follow-up job for replies that came meanwhile) or schedule the retry.
 * One daemon thread polls every second (docs/notifications.md has the protocol and its crash cases).
 */
public final class NotificationWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);
    /** Waits before attempts 2, 3, 4 and 5; after the 5th failure the job is failed. */
    static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2));
    /** Longer than one SMTP send can take (3 × 20 s timeouts): a lease that runs out means the node died. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;

    private final EventLog eventLog;
    private final EventBus bus;
    private final Database db;
    private final NotificationRepository repository;
    private final Ids ids;
    private final Clock clock;
    private final Notifier notifier;
    private final ConversationService conversations;
    private final MessageService messages;
    private final ContactService contacts;
    private final WorkspaceService workspaces;
    private final Mailer mailer;
    private final PushChannel push;
    private final ContinueLinks links;
    private final UnsubscribeTokens unsubscribe;
    private final ReplyAddresses replyAddresses;
    private final String baseUrl;
    private final String replyDomain;
    private final Map<NotificationJob.Channel, Duration> delays;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("notification-worker").daemon().factory());

    /** A file's signed link for an email (docs/files.md: valid for days, as the email is read later). */
    private final java.util.function.Function<String, String> fileLinks;

    NotificationWorker(Database db, NotificationRepository repository, Ids ids, Clock clock, Notifier notifier,
                       ConversationService conversations, MessageService messages, ContactService contacts,
                       WorkspaceService workspaces, Mailer mailer, PushChannel push, ContinueLinks links,
                       UnsubscribeTokens unsubscribe, ReplyAddresses replyAddresses, String baseUrl, String replyDomain,
                       Duration pushDelay, Duration emailDelay, EventLog eventLog, EventBus bus,
                       java.util.function.Function<String, String> fileLinks) {
        this.fileLinks = fileLinks;
        this.eventLog = eventLog;
        this.bus = bus;
        this.db = db;
        this.repository = repository;
        this.ids = ids;
        this.clock = clock;
        this.notifier = notifier;
        this.conversations = conversations;
        this.messages = messages;
        this.contacts = contacts;
        this.workspaces = workspaces;
        this.mailer = mailer;
        this.push = push;
        this.links = links;
        this.unsubscribe = unsubscribe;
        this.replyAddresses = replyAddresses;
        this.baseUrl = baseUrl;
        this.replyDomain = replyDomain;
        this.delays = Map.of(NotificationJob.Channel.PUSH, pushDelay, NotificationJob.Channel.EMAIL, emailDelay);
    }

    public void start() {
        thread.execute(() -> {
            try {
                notifier.catchUp(clock.millis() - Duration.ofDays(1).toMillis());
            } catch (RuntimeException e) {
                log.warn("notify: catch-up failed: {}", e.toString());
            }
        });
        thread.scheduleWithFixedDelay(this::runDue, 1, 1, TimeUnit.SECONDS);
    }

    /** Claims and sends every due job; public so tests need not wait. Never throws. Returns how many it handled. */
    public int runDue() {
        int handled = 0;
        try {
            long now = clock.millis();
            for (String workspaceId : db.read(h -> repository.workspacesWithDueJobs(h, now))) {
                List<NotificationJob> claimed = db.write(workspaceId, h -> repository.claim(h, workspaceId, now,
                        now + LEASE.toMillis(), BATCH));
                for (NotificationJob job : claimed) {
                    if (Thread.currentThread().isInterrupted()) {
                        return handled; // shutting down: the lease brings the rest back after the restart
                    }
                    handle(job);
                    handled++;
                }
            }
        } catch (RuntimeException e) {
            log.warn("notify: polling jobs failed: {}", e.toString());
        }
        return handled;
    }

    private void handle(NotificationJob job) {
        Outcome outcome;
        try {
            outcome = deliver(job);
        } catch (RuntimeException e) {
            retryLater(job, e);
            return;
        }
        try {
            complete(job, outcome);
        } catch (RuntimeException e) {
            // Sent but not recorded: the lease brings the job back and it is sent again (docs/notifications.md).
            log.error("notify: job {} was handled but could not be recorded", job.id(), e);
        }
    }

    /** What a job did: sent through {@code throughSeq} (after {@code afterSeq}), or skipped with a note. */
    private record Outcome(boolean sent, long afterSeq, long throughSeq, String note) {
        /** Skipped: the replies up to {@code throughSeq} need no follow-up job (turned off, nowhere to send). */
        static Outcome skipped(long afterSeq, long throughSeq, String note) {
            return new Outcome(false, afterSeq, throughSeq, note);
        }
    }

    private Outcome deliver(NotificationJob job) {
        VisitorPrincipal visitor = new VisitorPrincipal(job.workspaceId(), job.visitorId(), job.contactId());
        Conversation conversation;
        try {
            conversation = conversations.require(visitor, job.conversationId());
        } catch (ApiError e) {
            return Outcome.skipped(0, Long.MAX_VALUE, "conversation gone");
        }
        long watermark = db.read(h -> repository.watermark(h, job.conversationId(), job.channel()));
        long after = Math.max(conversation.visitorReadSeq(), watermark);
        List<Message> replies = messages.list(visitor, job.conversationId(), after, MessageService.MAX_PAGE).stream()
                .filter(m -> !m.isPrivate() && (m.senderType() == SenderType.AGENT || m.senderType() == SenderType.BOT))
                .toList();
        if (replies.isEmpty()) {
            return Outcome.skipped(after, after, "nothing unseen");
        }
        long through = replies.get(replies.size() - 1).seq();
        var prefs = db.read(h -> repository.preferences(h, job.workspaceId(), job.contactId())).orElse(null);
        if (prefs == null) {
            return Outcome.skipped(after, Long.MAX_VALUE, "contact gone");
        }
        String business = workspaces.require(job.workspaceId()).name();
        return switch (job.channel()) {
            case EMAIL -> {
                if (prefs.email() == null || prefs.email().isBlank()) {
                    yield Outcome.skipped(after, through, "no email address");
                }
                if (!prefs.notifyEmail()) {
                    yield Outcome.skipped(after, through, "email turned off");
                }
                sendEmail(job, business, prefs.email(), replies);
                yield new Outcome(true, after, through, null);
            }
            case PUSH -> {
                if (!prefs.notifyPush()) {
                    yield Outcome.skipped(after, through, "push turned off");
                }
                // Never a sign-in for the contact's email: a push reaches a browser, not a mailbox (docs/customer.md).
                String url = links.pushUrl(job.workspaceId(), job.contactId(), job.conversationId());
                Message last = replies.get(replies.size() - 1);
                String body = replies.size() == 1 ? last.text() : replies.size() + " new replies: " + last.text();
                int accepted = push.push(job.workspaceId(), job.contactId(),
                        new PushChannel.PushNotice(business, abbreviate(body, 300), url, job.conversationId()));
                yield accepted > 0 ? new Outcome(true, after, through, null) : Outcome.skipped(after, through, "no push subscription");
            }
        };
    }

    private void sendEmail(NotificationJob job, String business, String to, List<Message> replies) {
        ReplyEmail.Content content = content(job, business, replies);
        String continueUrl = links.continueUrl(job.workspaceId(), job.contactId(), job.conversationId(), to);
        String unsubscribeUrl = baseUrl + "/api/v1/notify/unsubscribe?token=" + unsubscribe.issue(job.workspaceId(), job.contactId());
        String replyTo = replyAddresses.issue(job.workspaceId(), job.conversationId(), job.contactId(), job.visitorId(), to);
        // The same Message-ID on every attempt of a job: a resend after a crash mid-send can be recognised.
        ReplyEmail.Addressing addressing = new ReplyEmail.Addressing(to, continueUrl, unsubscribeUrl, replyTo,
                "<notify." + job.id() + "@" + replyDomain + ">");
        mailer.send(ReplyEmail.render(content, addressing));
    }

    /** The question, the history, the business's colour and the visitor's language and zone (ReplyEmail). */
    private ReplyEmail.Content content(NotificationJob job, String business, List<Message> replies) {
        VisitorPrincipal visitor = new VisitorPrincipal(job.workspaceId(), job.visitorId(), job.contactId());
        ContactLocale locale = contacts.findLocale(job.workspaceId(), job.contactId()).orElse(new ContactLocale(null, null));
        ReplyEmailThread.Context thread = ReplyEmailThread.load(
                ReplyEmailThread.Reader.of(messages, visitor, job.conversationId()), replies, business, fileLinks);
        return new ReplyEmail.Content(business, EmailTheme.of(workspaces.require(job.workspaceId()).settings().color()),
                ReplyEmailTexts.of(locale.language()), ReplyEmail.zone(locale.timeZone()), thread, replies.size());
    }

    private void complete(NotificationJob job, Outcome outcome) {
        long now = clock.millis();
        db.<ConversationNotified>write(job.workspaceId(), h -> {
            if (!repository.finish(h, job, outcome.sent() ? "sent" : "skipped", outcome.sent() ? outcome.throughSeq() : null,
                    outcome.note(), now)) {
                return null; // the lease ran out and another attempt owns the job now
            }
            if (outcome.sent()) {
                repository.moveWatermark(h, job.workspaceId(), job.conversationId(), job.channel(), outcome.throughSeq(), now);
                repository.markNotified(h, job.conversationId(), outcome.afterSeq(), outcome.throughSeq(), job.channel(), now);
            }
            RecordedEvent notified = null;
            if (outcome.sent()) {
                // Agents see how the replies reached the customer; never the visitor.
                String payload = Json.write(Map.of("conversation_id", job.conversationId(), "channel", job.channel().wire(),
                        "through_seq", outcome.throughSeq(), "at", now));
                notified = eventLog.append(h, job.workspaceId(), job.conversationId(), null, "conversation.notified", 0,
                        payload, null);
            }
            // Replies that arrived while this job was active found it there and added no job: follow them up.
            if (repository.hasReplyAfter(h, job.conversationId(), outcome.throughSeq())) {
                repository.schedule(h, ids.newId(), job.workspaceId(), job.conversationId(), job.contactId(), job.visitorId(),
                        job.channel(), now + delays.get(job.channel()).toMillis(), now);
            }
            return notified == null ? null : new ConversationNotified(notified);
        }, event -> {
            if (event != null) {
                bus.publish(event);
            }
        });
    }

    /** Replies of a conversation went out by push or email (agents only). */
    public record ConversationNotified(RecordedEvent recorded) implements DomainEvent {
    }

    private void retryLater(NotificationJob job, RuntimeException e) {
        long now = clock.millis();
        Long due = job.attempts() <= BACKOFF.size() ? now + BACKOFF.get(job.attempts() - 1).toMillis() : null;
        String error = abbreviate(e.getMessage() == null ? e.toString() : e.getMessage(), 500);
        log.warn("notify: {} job {} attempt {} failed ({}); {}", job.channel().wire(), job.id(), job.attempts(), error,
                due == null ? "giving up" : "retrying at " + java.time.Instant.ofEpochMilli(due));
        try {
            db.write(job.workspaceId(), h -> {
                repository.fail(h, job, due, error, now);
                return null;
            });
        } catch (RuntimeException failure) {
            log.error("notify: recording the failure of job {} failed", job.id(), failure);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Stops polling and waits for a send in progress (it is short: SMTP timeouts are 20 s). */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Stops polling and waits up to {@code wait} for the jobs in progress; then interrupts (leases bring them back). */
    public void close(Duration wait) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
