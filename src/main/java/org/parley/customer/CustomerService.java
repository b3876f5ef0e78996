package org.parley.customer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.parley.contact.ContactService;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventBus;
import org.parley.http.ApiError;
import org.parley.identity.VisitorService;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;

/**
 * Customers and their sessions: spending a sign-in link (which verifies the contact it carries), the
 * session cookie's token, and visitor sessions for the customer's own contacts. The only write entry
 * for customers.
 */
public final class CustomerService {
    static final Duration SESSION_LIFETIME = Duration.ofDays(30);

    /** A signed-in customer with the session token for the cookie and the conversation a continue link opens. */
    public record SignedIn(Customer customer, String sessionToken, String conversationId) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventBus bus;
    private final ContactService contacts;
    private final VisitorService visitors;
    private final CustomerQueries queries;
    private final CustomerRepository repository = new CustomerRepository();

    public CustomerService(Database db, Ids ids, Clock clock, EventBus bus, ContactService contacts, VisitorService visitors,
                           CustomerQueries queries) {
        this.queries = queries;
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.bus = bus;
        this.contacts = contacts;
        this.visitors = visitors;
    }

    /**
     * Spends a magic or continue link: the customer of its email (made when new) gets a session, and the
     * contact the link carries is linked to that customer with its email verified. 400 invalid_token when
     * the link is unknown, used or expired.
     */
    public SignedIn signIn(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw invalidToken();
        }
        String digest = Secrets.digest(token.strip());
        long now = clock.millis();
        CustomerRepository.Link link = db.read(h -> repository.findLink(h, digest))
                .filter(l -> l.usedAt() == null && l.expiresAt() > now)
                .orElseThrow(CustomerService::invalidToken);
        String session = ids.newToken("cs_");
        String stripe = link.workspaceId() != null ? link.workspaceId() : CustomerLinks.STRIPE;
        List<DomainEvent> events = new ArrayList<>();
        Customer customer = db.write(stripe, h -> {
            events.clear();
            // Spent inside the write: two sign-ins with one link cannot both pass.
            if (!repository.useLink(h, digest, now)) {
                throw invalidToken();
            }
            Customer c = repository.upsert(h, ids.newId(), link.email(), now);
            if (link.contactId() != null && link.workspaceId() != null) {
                link(h, link.workspaceId(), link.contactId(), c, events);
            }
            repository.insertSession(h, Secrets.digest(session), c.id(), now, now + SESSION_LIFETIME.toMillis());
            return c;
        }, c -> events.forEach(bus::publish));
        return new SignedIn(customer, session, link.conversationId());
    }

    /** A push link spent: a visitor session of the conversation's contact, and the conversation to open. */
    public record PushOpened(VisitorService.VisitorSession session, String conversationId) {
    }

    /**
     * Spends a push link: a new visitor session for the contact that now holds the link's conversation
     * (a contact merged by a signed identify took its conversations along). No customer session and no
     * email proven: a push reaches a browser, not a mailbox. 400 invalid_token when unknown, used or expired.
     */
    public PushOpened openPushLink(String token) {
        if (token == null || !token.startsWith("pl_") || token.length() > 100) {
            throw invalidToken();
        }
        String digest = Secrets.digest(token.strip());
        long now = clock.millis();
        CustomerRepository.PushLink link = db.read(h -> repository.findPushLink(h, digest, now))
                .orElseThrow(CustomerService::invalidToken);
        String contactId = db.write(link.workspaceId(), h -> {
            if (!repository.usePushLink(h, digest, now)) {
                throw invalidToken();
            }
            return h.createQuery("SELECT contact_id FROM conversations WHERE id = :id AND workspace_id = :ws")
                    .bind("id", link.conversationId()).bind("ws", link.workspaceId())
                    .mapTo(String.class).findOne().orElseThrow(CustomerService::invalidToken);
        });
        return new PushOpened(visitors.startForContact(link.workspaceId(), contactId), link.conversationId());
    }

    /**
     * Links a contact to the customer of a proven email, inside the caller's write. A contact already
     * linked to another customer stays with it (the first proof wins; see docs/customer.md).
     */
    void link(Handle h, String workspaceId, String contactId, Customer customer, List<DomainEvent> events) {
        ContactService.Identity identity = contacts.findIdentity(h, workspaceId, contactId).orElse(null);
        if (identity == null || (identity.customerId() != null && !identity.customerId().equals(customer.id()))) {
            return;
        }
        contacts.linkCustomer(h, workspaceId, contactId, customer.id(), customer.email());
        events.add(contacts.recordUpdated(h, workspaceId, contactId));
    }

    /** The site vouches for the email (signed identify): the contact joins its customer whatever it had before. */
    void linkVouched(Handle h, String workspaceId, String contactId, Customer customer) {
        contacts.linkCustomer(h, workspaceId, contactId, customer.id(), customer.email());
    }

    /** The customer of {@code email}, made when new (inside the caller's write). */
    Customer upsert(Handle h, String email) {
        return repository.upsert(h, ids.newId(), email, clock.millis());
    }

    public Optional<Customer> authenticate(String sessionToken) {
        if (sessionToken == null || !sessionToken.startsWith("cs_") || sessionToken.length() > 100) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.read(h -> repository.findBySession(h, Secrets.digest(sessionToken), now));
    }

    public void signOut(String sessionToken) {
        if (sessionToken == null || sessionToken.length() > 100) {
            return;
        }
        db.write(CustomerLinks.STRIPE, h -> {
            repository.deleteSession(h, Secrets.digest(sessionToken));
            return true;
        });
    }

    /**
     * A new visitor session of the customer's contact in the workspace: {@code contactId} when given (it must
     * be the customer's), else the customer's most recently active contact there. 404 when the customer has
     * no contact in that workspace: the same answer as for a workspace that does not exist.
     */
    public VisitorService.VisitorSession startVisitorSession(Customer customer, String workspaceId, String contactId) {
        if (workspaceId == null || workspaceId.length() > 64 || (contactId != null && contactId.length() > 64)) {
            throw ApiError.notFound("Workspace");
        }
        String contact = queries.listContactIds(customer.id(), workspaceId).stream()
                .filter(id -> contactId == null || id.equals(contactId))
                .findFirst()
                .orElseThrow(() -> ApiError.notFound("Workspace"));
        return visitors.startForContact(workspaceId, contact);
    }

    private static ApiError invalidToken() {
        return new ApiError(400, "invalid_token", "This sign-in link is unknown, already used or expired; ask for a new one");
    }
}
