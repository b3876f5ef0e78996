package org.parley.customer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.parley.contact.ContactService;
import org.parley.identity.VisitorPrincipal;
import org.parley.mail.Email;
import org.parley.mail.Mailer;
import org.parley.notify.ContinueLinks;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues the single-use links of the customer inbox: magic links a person asks for (15 minutes) and
 * continue links in notification emails (7 days), each bound to the email it is sent to
 * ({@link CustomerService#signIn} spends them); and push links (7 days), bound to the contact whose browser
 * subscribed to web push, never to an email ({@link CustomerService#openPushLink} spends them). Tokens are
 * random (256 bits) and stored only as a digest.
 */
public final class CustomerLinks implements ContinueLinks {
    static final Duration MAGIC_LIFETIME = Duration.ofMinutes(15);
    static final Duration CONTINUE_LIFETIME = Duration.ofDays(7);
    static final Duration PUSH_LIFETIME = Duration.ofDays(7);
    /** Magic links per email per lifetime: enough for typos and slow mail, not a mail bomb. */
    static final int MAX_MAGIC_PER_LIFETIME = 5;
    /** The stripe of writes that belong to no workspace. */
    static final String STRIPE = "customers";
    private static final Logger log = LoggerFactory.getLogger(CustomerLinks.class);

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final Mailer mailer;
    private final Executor mailExecutor;
    private final String baseUrl;
    private final CustomerRepository repository = new CustomerRepository();

    public CustomerLinks(Database db, Ids ids, Clock clock, Mailer mailer, Executor mailExecutor, String baseUrl) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.mailer = mailer;
        this.mailExecutor = mailExecutor;
        this.baseUrl = baseUrl;
    }

    /**
     * Emails a magic link to {@code email}, on another thread so the answer time tells nothing. With a
     * visitor, opening the link also verifies that visitor's contact. Over the per-email limit nothing is
     * sent, silently (the caller always answers 202).
     */
    public void requestMagicLink(String email, VisitorPrincipal visitor) {
        String normalized = ContactService.normalizeEmail(email);
        long now = clock.millis();
        String token = ids.newToken("ml_");
        CustomerRepository.Link link = new CustomerRepository.Link(Secrets.digest(token), normalized,
                visitor == null ? null : visitor.contactId(), visitor == null ? null : visitor.workspaceId(), null,
                CustomerRepository.MAGIC, now, now + MAGIC_LIFETIME.toMillis(), null);
        boolean issued = db.write(visitor == null ? STRIPE : visitor.workspaceId(), h -> {
            if (repository.countRecentMagicLinks(h, normalized, now - MAGIC_LIFETIME.toMillis()) >= MAX_MAGIC_PER_LIFETIME) {
                return false;
            }
            repository.insertLink(h, link);
            return true;
        });
        if (!issued) {
            log.info("magic link not sent: {} already in the last {} minutes for this email", MAX_MAGIC_PER_LIFETIME,
                    MAGIC_LIFETIME.toMinutes());
            return;
        }
        String url = baseUrl + "/me#/signin?token=" + token;
        Email mail = new Email(normalized, "Your sign-in link", """
                Hello,

                Someone (hopefully you) asked to see their conversations. Open this link to sign in
                (it works once, for %d minutes):

                %s

                If you did not ask for this, ignore this email.
                """.formatted(MAGIC_LIFETIME.toMinutes(), url), null);
        mailExecutor.execute(() -> {
            try {
                mailer.send(mail);
            } catch (RuntimeException e) {
                log.warn("magic link email failed: {}", e.getMessage());
            }
        });
    }

    /** A continue link for a notification email (notify feature): signs in as {@code email} and opens the conversation. */
    @Override
    public String continueUrl(String workspaceId, String contactId, String conversationId, String email) {
        String normalized = ContactService.normalizeEmail(email);
        long now = clock.millis();
        String token = ids.newToken("cl_");
        CustomerRepository.Link link = new CustomerRepository.Link(Secrets.digest(token), normalized, contactId,
                workspaceId, conversationId, CustomerRepository.CONTINUE, now, now + CONTINUE_LIFETIME.toMillis(), null);
        db.write(workspaceId, h -> {
            repository.insertLink(h, link);
            return true;
        });
        return baseUrl + "/me#/signin?token=" + token + "&c=" + conversationId;
    }

    /** A push link (notify feature): opens the conversation at /me as its contact; proves no email. */
    @Override
    public String pushUrl(String workspaceId, String contactId, String conversationId) {
        long now = clock.millis();
        String token = ids.newToken("pl_");
        db.write(workspaceId, h -> {
            repository.insertPushLink(h, Secrets.digest(token), new CustomerRepository.PushLink(workspaceId, contactId,
                    conversationId), now, now + PUSH_LIFETIME.toMillis());
            return true;
        });
        return baseUrl + "/me#/push?token=" + token + "&c=" + conversationId;
    }
}
