package org.parley.notify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.parley.contact.ContactService;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.VisitorPrincipal;
import org.parley.mail.Mailer;
import org.parley.message.MessageService;
import org.parley.storage.Database;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.storage.Ids;
import org.parley.workspace.WorkspaceService;

/**
 * The notify feature's entry: it builds the feature's parts (the {@link Notifier} subscriber, the
 * {@link NotificationWorker}, {@link InboundEmailService}) around one repository, and answers the feature's own
 * reads and writes: notification preferences, unsubscribe, the failed jobs and the reply reach figure.
 */
public final class NotificationService {
    /** Where the slots of other features plug in, and the settings this feature reads (from Config). */
    public record Settings(String baseUrl, String replyDomain, Duration pushDelay, Duration emailDelay) {
    }

    public record Preferences(boolean email, boolean push) {
    }

    public record Reach(long repliesToAbsent, long notified, double notifiedShare, long answered, double answeredShare) {
    }

    private final Database db;
    private final Clock clock;
    private final ConversationService conversations;
    private final NotificationRepository repository;
    private final UnsubscribeTokens unsubscribe;
    private final Notifier notifier;
    private final NotificationWorker worker;
    private final InboundEmailService inbound;

    public NotificationService(Database db, Ids ids, Clock clock, SecureRandom random, Settings settings,
                               ConversationService conversations, MessageService messages, ContactService contacts,
                               WorkspaceService workspaces, Mailer mailer, PushChannel push, ContinueLinks links,
                               VisitorPresence presence, EventLog eventLog, EventBus bus,
                               org.parley.file.FileService files) {
        this.conversations = conversations;
        this.db = db;
        this.clock = clock;
        this.repository = new NotificationRepository(db.dialect());
        this.unsubscribe = new UnsubscribeTokens(db, repository, random, clock);
        ReplyAddresses addresses = new ReplyAddresses(db, repository, random, clock, settings.replyDomain());
        this.notifier = new Notifier(db, repository, ids, clock, presence, conversations, settings.pushDelay(),
                settings.emailDelay());
        this.worker = new NotificationWorker(db, repository, ids, clock, notifier, conversations, messages, contacts,
                workspaces, mailer, push, links, unsubscribe, addresses, settings.baseUrl(), settings.replyDomain(),
                settings.pushDelay(), settings.emailDelay(), eventLog, bus,
                id -> files.signedLink(id, false, files.limits().emailLinkTtl()).url());
        this.inbound = new InboundEmailService(db, repository, addresses, messages, ids, clock, files);
    }

    /** Through which seq each channel has notified the customer of a conversation, and when. */
    public record Notified(long throughSeq, long at) {
    }

    public java.util.Map<String, Notified> notified(AgentPrincipal agent, String conversationId) {
        conversations.require(agent, conversationId);
        return db.read(h -> repository.notified(h, agent.workspaceId(), conversationId));
    }

    public Notifier notifier() {
        return notifier;
    }

    public NotificationWorker worker() {
        return worker;
    }

    public InboundEmailService inbound() {
        return inbound;
    }

    public Preferences preferences(VisitorPrincipal visitor) {
        var prefs = db.read(h -> repository.preferences(h, visitor.workspaceId(), visitor.contactId()))
                .orElseThrow(() -> ApiError.notFound("Contact"));
        return new Preferences(prefs.notifyEmail(), prefs.notifyPush());
    }

    public Preferences changePreferences(VisitorPrincipal visitor, Boolean email, Boolean push) {
        if (email != null || push != null) {
            db.write(visitor.workspaceId(), h -> {
                repository.updatePreferences(h, visitor.workspaceId(), visitor.contactId(), email, push);
                return null;
            });
        }
        return preferences(visitor);
    }

    /** Who an unsubscribe token is for (workspace, contact), if it is one of ours. */
    java.util.Optional<UnsubscribeTokens.Subject> unsubscribeSubject(String token) {
        return unsubscribe.verify(token);
    }

    /** Turns email notifications off for the token's contact; false when the token is not valid. */
    public boolean unsubscribe(String token) {
        var subject = unsubscribe.verify(token);
        subject.ifPresent(s -> db.write(s.workspaceId(), h -> {
            repository.updatePreferences(h, s.workspaceId(), s.contactId(), false, null);
            return null;
        }));
        return subject.isPresent();
    }

    public List<NotificationJob> listFailed(AgentPrincipal admin, int limit) {
        return db.read(h -> repository.listFailed(h, admin.workspaceId(), limit));
    }

    /**
     * Sends a failed notification again (the dead-letter list's Retry): pending now, with a fresh set of
     * attempts. 404 when it is not a failed job of the workspace; 409 when a newer one is already on its way
     * (it carries the same replies and more).
     */
    public void retryFailed(AgentPrincipal admin, String jobId) {
        db.write(admin.workspaceId(), h -> {
            if (repository.hasActiveSibling(h, admin.workspaceId(), jobId)) {
                throw ApiError.conflict("A newer notification of this conversation is already on its way");
            }
            if (repository.retryFailed(h, admin.workspaceId(), jobId, clock.millis()) == 0) {
                throw ApiError.notFound("Failed notification");
            }
            return jobId;
        });
    }

    /** Notification jobs of every workspace by status: pending, sending and failed (for the operator's metrics). */
    public java.util.Map<String, Long> countOpenJobs() {
        return db.read(repository::countOpenJobs);
    }

    /** Reply reach of agent and bot replies sent in [from, to) while the visitor was absent. */
    public Reach reach(AgentPrincipal admin, long from, long to) {
        if (to <= from) {
            throw ApiError.badRequest("'to' must be after 'from'");
        }
        var r = db.read(h -> repository.reach(h, admin.workspaceId(), from, to));
        return new Reach(r.absent(), r.notified(), share(r.notified(), r.absent()), r.answered(),
                share(r.answered(), r.absent()));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
