package org.parley.customer;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.contact.Contact;
import org.parley.contact.ContactService;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventBus;
import org.parley.http.ApiError;
import org.parley.identity.VisitorPrincipal;
import org.parley.storage.Database;
import org.parley.workspace.WorkspaceService;

/**
 * The site's signed identify (docs/customer.md). {@code user_hash = hex(HMAC-SHA256(identity_secret, user_id))}
 * vouches for the user id: a valid hash makes the workspace's contact for {@code user_id} this visitor's
 * contact; an anonymous contact's visitors and conversations move into it. The site vouches for an email only
 * by signing it too: {@code user_hash = hex(HMAC-SHA256(identity_secret, user_id + "\n" + email))}; then the
 * contact joins that email's customer. An email the hash does not cover is applied as a typed one (not
 * verified, no customer). Anything invalid is 403 invalid_identity and changes nothing.
 */
public final class SignedIdentityService {
    static final int MAX_USER_ID = 200;

    /** The identify fields beyond name, email and attributes. */
    public record SignedIdentify(String userId, String userHash, String name, String email,
                                 java.util.Map<String, Object> attributes) {
    }

    private final Database db;
    private final EventBus bus;
    private final WorkspaceService workspaces;
    private final ContactService contacts;
    private final CustomerService customers;

    public SignedIdentityService(Database db, EventBus bus, WorkspaceService workspaces, ContactService contacts,
                                 CustomerService customers) {
        this.db = db;
        this.bus = bus;
        this.workspaces = workspaces;
        this.contacts = contacts;
        this.customers = customers;
    }

    /** Verifies the hash, joins the contact of the user id, then applies name/email/attributes to it. */
    /**
     * Browsers of {@code fromContactId} now belong to another contact: their open widget sockets still
     * carry the old one and must reconnect (published after commit; the realtime gateway closes them).
     */
    public record VisitorsMoved(String workspaceId, String fromContactId) {
    }

    public Contact identify(VisitorPrincipal visitor, SignedIdentify identify) {
        String userId = identify.userId();
        boolean emailSigned = verify(workspaces.findIdentitySecret(visitor.workspaceId()).orElse(null), identify);
        String email = emailSigned ? ContactService.normalizeEmail(identify.email()) : null;
        // Validates name, attributes and an unsigned (typed) email before anything changes.
        ContactService.ContactChange change = new ContactService.ContactChange(identify.name(),
                emailSigned ? null : identify.email(), identify.attributes());
        ContactService.validate(change);
        List<DomainEvent> events = new ArrayList<>();
        String contactId = db.write(visitor.workspaceId(), h -> {
            events.clear();
            String ws = visitor.workspaceId();
            ContactService.Identity current = contacts.findIdentity(h, ws, visitor.contactId()).orElseThrow();
            String target = contacts.findIdByExternalId(h, ws, userId).orElse(null);
            if (target == null && current.externalId() == null) {
                contacts.setExternalId(h, ws, current.contactId(), userId); // this browser's contact becomes the user's
                target = current.contactId();
            } else if (target == null) {
                // Another signed-in user of this browser: its conversations stay with that user.
                target = contacts.createWithExternalId(h, ws, userId);
                contacts.repointVisitor(h, ws, visitor.visitorId(), target);
            } else if (!target.equals(current.contactId())) {
                if (current.anonymous()) {
                    contacts.moveInto(h, ws, current.contactId(), target);
                } else {
                    contacts.repointVisitor(h, ws, visitor.visitorId(), target);
                }
            }
            if (email != null) {
                customers.linkVouched(h, ws, target, customers.upsert(h, email));
            }
            events.add(contacts.recordUpdated(h, ws, target));
            return target;
        }, id -> {
            events.forEach(bus::publish);
            if (!id.equals(visitor.contactId())) {
                bus.publish(new VisitorsMoved(visitor.workspaceId(), visitor.contactId()));
            }
        });
        boolean hasChange = change.name() != null || change.email() != null
                || (change.attributes() != null && !change.attributes().isEmpty());
        return hasChange ? contacts.update(visitor.workspaceId(), contactId, change)
                : contacts.find(visitor.workspaceId(), contactId).orElseThrow();
    }

    /**
     * Checks {@code user_id} (400) and the hash (403 invalid_identity): whether it signs the email too. Pure, so
     * that it can be fuzzed (SignedIdentityFuzzTest); no secret (none made yet) verifies nothing.
     */
    static boolean verify(String secret, SignedIdentify identify) {
        String userId = identify.userId();
        if (userId == null || userId.isEmpty() || userId.length() > MAX_USER_ID || userId.chars().anyMatch(c -> c < 0x20)) {
            throw ApiError.badRequest("Field 'user_id' must be 1-" + MAX_USER_ID + " characters, without control characters");
        }
        if (secret == null || secret.isEmpty()) {
            throw invalidIdentity();
        }
        // Which of the two signed forms matches decides what the site vouched for.
        boolean emailSigned = identify.email() != null && matches(secret, userId + "\n" + identify.email(), identify.userHash());
        if (!emailSigned && !matches(secret, userId, identify.userHash())) {
            throw invalidIdentity();
        }
        return emailSigned;
    }

    /** Constant-time comparison of the expected hex HMAC with the given one (any case). */
    static boolean matches(String secret, String userId, String userHash) {
        if (userHash == null || userHash.length() != 64) {
            return false;
        }
        byte[] expected = hmac(secret, userId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = userHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** hex(HMAC-SHA256(secret, message)): what the site computes on its server ({@code user_id}, or {@code user_id + "\n" + email}). */
    public static String hmac(String secret, String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiError invalidIdentity() {
        return new ApiError(403, "invalid_identity", "The identify signature (user_hash) does not match user_id (and email, when it signs one)");
    }
}
