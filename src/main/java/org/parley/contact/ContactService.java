package org.parley.contact;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/** The only write entry for contacts. */
public final class ContactService {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final RowMapper<Contact> CONTACT = (rs, ctx) -> new Contact(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), parse(rs.getString(5)), rs.getLong(6), rs.getLong(7));

    private static final int MAX_ATTRIBUTES = 50;
    /** Agents may give longer names than identify (100) accepts. */
    public static final int MAX_NAME = 200;
    /** Something@something.tld without spaces or control characters (NUL cannot be stored by PostgreSQL). */
    private static final java.util.regex.Pattern EMAIL =
            java.util.regex.Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventLog eventLog;
    private final EventBus bus;

    public ContactService(Database db, Ids ids, Clock clock, EventLog eventLog, EventBus bus) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.eventLog = eventLog;
        this.bus = bus;
    }

    /** A new anonymous contact. */
    public Contact create(String workspaceId) {
        long now = clock.millis();
        Contact contact = new Contact(ids.newId(), workspaceId, null, null, Map.of(), now, now);
        return db.write(workspaceId, h -> {
            h.createUpdate("INSERT INTO contacts (id, workspace_id, attributes, created_at, updated_at) "
                            + "VALUES (:id, :ws, '{}', :now, :now)")
                    .bind("id", contact.id()).bind("ws", workspaceId).bind("now", now).execute();
            return contact;
        });
    }

    /** What a contact change may carry; null fields are left as they are, attributes are merged. */
    public record ContactChange(String name, String email, Map<String, Object> attributes) {
    }

    /** The event published after a contact changes; agents only. */
    public record ContactUpdated(Contact contact, RecordedEvent recorded) implements DomainEvent {
    }

    /** The widget's identify: given fields replace, absent ones stay, attributes are merged. */
    public Contact update(String workspaceId, String contactId, ContactChange change) {
        String name = change.name() == null ? null : bounded("name", cleanName(change.name()), 100);
        String email = change.email() == null ? null : validEmail(change.email());
        Map<String, Object> attributes = change.attributes() == null ? Map.of() : validAttributes(change.attributes());
        return apply(workspaceId, contactId, current -> {
            Map<String, Object> merged = new java.util.TreeMap<>(current.attributes());
            merged.putAll(attributes);
            if (merged.size() > MAX_ATTRIBUTES) {
                throw ApiError.badRequest("A contact holds at most " + MAX_ATTRIBUTES + " attributes");
            }
            return new Contact(current.id(), workspaceId, name != null ? name : current.name(),
                    email != null ? email : current.email(), merged, current.createdAt(), 0);
        });
    }

    /**
     * An agent's edit of name and email. Unlike identify, a field that is present replaces the stored value
     * even when null (which clears it); an absent field is left as it is.
     */
    public record ContactEdit(boolean hasName, String name, boolean hasEmail, String email) {
    }

    public Contact edit(String workspaceId, String contactId, ContactEdit edit) {
        String name = edit.hasName() && edit.name() != null ? validName(edit.name()) : null;
        String email = edit.hasEmail() && edit.email() != null ? validEmail(edit.email()) : null;
        if (!edit.hasName() && !edit.hasEmail()) {
            // Nothing to change: no write, no event.
            return find(workspaceId, contactId).orElseThrow(() -> ApiError.notFound("Contact"));
        }
        return apply(workspaceId, contactId, current -> new Contact(current.id(), workspaceId,
                edit.hasName() ? name : current.name(), edit.hasEmail() ? email : current.email(),
                current.attributes(), current.createdAt(), 0));
    }

    /** The one write of a contact: read, change, store, record {@code contact.updated}; published after commit. */
    private Contact apply(String workspaceId, String contactId, java.util.function.UnaryOperator<Contact> change) {
        if (contactId == null || contactId.length() > 64) {
            throw ApiError.notFound("Contact");
        }
        return db.write(workspaceId, h -> {
            Contact current = find(h, workspaceId, contactId).orElseThrow(() -> ApiError.notFound("Contact"));
            Contact changed = change.apply(current);
            long now = clock.millis();
            Contact updated = new Contact(current.id(), workspaceId, changed.name(), changed.email(),
                    changed.attributes(), current.createdAt(), now);
            h.createUpdate("UPDATE contacts SET name = :name, email = :email, attributes = :attributes, updated_at = :now "
                            + "WHERE workspace_id = :ws AND id = :id")
                    .bind("name", updated.name()).bind("email", updated.email())
                    .bind("attributes", Json.write(updated.attributes())).bind("now", now)
                    .bind("ws", workspaceId).bind("id", contactId).execute();
            if (!java.util.Objects.equals(current.email(), updated.email())) {
                // A verification was of the old address; a typed or edited one is not verified (docs/customer.md).
                h.createUpdate("UPDATE contacts SET email_verified_at = NULL WHERE workspace_id = :ws AND id = :id")
                        .bind("ws", workspaceId).bind("id", contactId).execute();
            }
            String payload = Json.write(Map.of("contact", ContactJson.of(updated)));
            RecordedEvent recorded = eventLog.append(h, workspaceId, null, null, "contact.updated", 0, payload, null);
            return new ContactUpdated(updated, recorded);
        }, bus::publish).contact();
    }

    /** NUL first (a 400: PostgreSQL cannot store it), then bidi controls out, other controls as spaces. */
    private static String cleanName(String name) {
        if (name.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field 'name' must not contain NUL characters");
        }
        return org.parley.http.DisplayText.clean(name).strip();
    }

    private static String validName(String name) {
        String stripped = cleanName(name);
        if (stripped.isEmpty() || stripped.length() > MAX_NAME) {
            throw ApiError.badRequest("Field 'name' must be 1-" + MAX_NAME + " characters (or null to clear it)");
        }
        return stripped;
    }

    private static String bounded(String field, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw ApiError.badRequest("Field '" + field + "' must be 1-" + max + " characters");
        }
        if (value.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field '" + field + "' must not contain NUL characters");
        }
        return value;
    }

    private static String validEmail(String email) {
        String trimmed = email.strip();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
            throw ApiError.badRequest("Field 'email' must be an email address of at most 254 characters");
        }
        return trimmed.toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Object> validAttributes(Map<String, Object> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw ApiError.badRequest("At most " + MAX_ATTRIBUTES + " attributes");
        }
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            if (!entry.getKey().matches("[A-Za-z0-9_]{1,64}")) {
                throw ApiError.badRequest("Attribute names are 1-64 characters of A-Z a-z 0-9 _");
            }
            Object value = entry.getValue();
            boolean scalar = value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
            if (!scalar || (value instanceof String text && text.length() > 1000)) {
                throw ApiError.badRequest("Attribute '" + entry.getKey() + "' must be a string (up to 1,000 characters), number, boolean or null");
            }
        }
        return attributes;
    }

    /**
     * Contacts whose name or email contains {@code text} (ignoring ASCII case; % and _ are taken literally,
     * escaped with ! because JDBI's SQL lexer reads a backslash inside quotes as an escape),
     * most recently updated first.
     */
    public java.util.List<Contact> listMatching(String workspaceId, String text, int limit) {
        String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return db.read(h -> h.createQuery("SELECT id, workspace_id, name, email, attributes, created_at, updated_at "
                        + "FROM contacts WHERE workspace_id = :ws "
                        + "AND (LOWER(name) LIKE :p ESCAPE '!' OR LOWER(email) LIKE :p ESCAPE '!') "
                        + "ORDER BY updated_at DESC, id DESC LIMIT :limit")
                .bind("ws", workspaceId).bind("p", pattern).bind("limit", limit).map(CONTACT).list());
    }

    public Optional<Contact> find(String workspaceId, String contactId) {
        return db.read(h -> find(h, workspaceId, contactId));
    }

    private static Optional<Contact> find(Handle h, String workspaceId, String contactId) {
        return h.createQuery("SELECT id, workspace_id, name, email, attributes, created_at, updated_at "
                        + "FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", contactId).map(CONTACT).findOne();
    }

    /**
     * Records the language and time zone of the widget the contact uses (checked by the caller); a null one
     * keeps the stored value. Writes only on a change: a widget session starts on every page view.
     */
    public void recordLocale(String workspaceId, String contactId, ContactLocale locale) {
        ContactLocale current = findLocale(workspaceId, contactId).orElse(null);
        if (current == null) {
            return;
        }
        ContactLocale wanted = new ContactLocale(locale.language() != null ? locale.language() : current.language(),
                locale.timeZone() != null ? locale.timeZone() : current.timeZone());
        if (!wanted.equals(current)) {
            db.write(workspaceId, h -> h.createUpdate("UPDATE contacts SET locale = :locale, time_zone = :zone "
                            + "WHERE workspace_id = :ws AND id = :id")
                    .bind("locale", wanted.language()).bind("zone", wanted.timeZone())
                    .bind("ws", workspaceId).bind("id", contactId).execute());
        }
    }

    /** The contact's recorded widget language and time zone (each null when never sent); empty when no such contact. */
    public Optional<ContactLocale> findLocale(String workspaceId, String contactId) {
        return db.read(h -> h.createQuery("SELECT locale, time_zone FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", contactId)
                .map((rs, ctx) -> new ContactLocale(rs.getString(1), rs.getString(2))).findOne());
    }

    // Verified identity (docs/customer.md), for the customer feature. The methods taking a Handle run
    // inside the caller's write, so a link, a join and the customer row commit together.

    /** How a contact is known beyond this browser: the site's user id, the linked customer, the email check. */
    public record Identity(String contactId, String externalId, String customerId, Long emailVerifiedAt) {
        /** Nothing ties this contact to a person: no site user id, no verified email. */
        public boolean anonymous() {
            return externalId == null && customerId == null;
        }
    }

    public Optional<Identity> findIdentity(Handle h, String workspaceId, String contactId) {
        return h.createQuery("SELECT id, external_id, customer_id, email_verified_at FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", contactId)
                .map((rs, ctx) -> new Identity(rs.getString(1), rs.getString(2), rs.getString(3),
                        nullableLong(rs, 4)))
                .findOne();
    }

    /** The workspace's contact for the site's user id, if any. */
    public Optional<String> findIdByExternalId(Handle h, String workspaceId, String externalId) {
        return h.createQuery("SELECT id FROM contacts WHERE workspace_id = :ws AND external_id = :ext")
                .bind("ws", workspaceId).bind("ext", externalId).mapTo(String.class).findOne();
    }

    /** A new contact for the site's user id (inside the caller's write). */
    public String createWithExternalId(Handle h, String workspaceId, String externalId) {
        String id = ids.newId();
        long now = clock.millis();
        h.createUpdate("INSERT INTO contacts (id, workspace_id, attributes, external_id, created_at, updated_at) "
                        + "VALUES (:id, :ws, '{}', :ext, :now, :now)")
                .bind("id", id).bind("ws", workspaceId).bind("ext", externalId).bind("now", now).execute();
        return id;
    }

    public void setExternalId(Handle h, String workspaceId, String contactId, String externalId) {
        h.createUpdate("UPDATE contacts SET external_id = :ext, updated_at = :now WHERE workspace_id = :ws AND id = :id")
                .bind("ext", externalId).bind("now", clock.millis()).bind("ws", workspaceId).bind("id", contactId).execute();
    }

    /** The contact's email is proven (magic link, continue link, or the site vouches): it joins that email's customer. */
    public void linkCustomer(Handle h, String workspaceId, String contactId, String customerId, String email) {
        long now = clock.millis();
        h.createUpdate("UPDATE contacts SET customer_id = :customer, email = :email, email_verified_at = :now, updated_at = :now "
                        + "WHERE workspace_id = :ws AND id = :id")
                .bind("customer", customerId).bind("email", validEmail(email)).bind("now", now)
                .bind("ws", workspaceId).bind("id", contactId).execute();
    }

    /** Every visitor and conversation of {@code fromContactId} now belongs to {@code intoContactId}. */
    public void moveInto(Handle h, String workspaceId, String fromContactId, String intoContactId) {
        h.createUpdate("UPDATE visitors SET contact_id = :into WHERE workspace_id = :ws AND contact_id = :from")
                .bind("into", intoContactId).bind("ws", workspaceId).bind("from", fromContactId).execute();
        h.createUpdate("UPDATE conversations SET contact_id = :into WHERE workspace_id = :ws AND contact_id = :from")
                .bind("into", intoContactId).bind("ws", workspaceId).bind("from", fromContactId).execute();
        // Their recorded events follow, so a resume by the new contact's browsers replays them too.
        h.createUpdate("UPDATE workspace_events SET contact_id = :into WHERE workspace_id = :ws AND contact_id = :from")
                .bind("into", intoContactId).bind("ws", workspaceId).bind("from", fromContactId).execute();
    }

    /** One visitor (browser) now belongs to {@code intoContactId}; the conversations stay where they are. */
    public void repointVisitor(Handle h, String workspaceId, String visitorId, String intoContactId) {
        h.createUpdate("UPDATE visitors SET contact_id = :into WHERE workspace_id = :ws AND id = :visitor")
                .bind("into", intoContactId).bind("ws", workspaceId).bind("visitor", visitorId).execute();
    }

    /** Records {@code contact.updated} for a contact changed inside the caller's write; publish the result after commit. */
    public ContactUpdated recordUpdated(Handle h, String workspaceId, String contactId) {
        Contact contact = find(h, workspaceId, contactId).orElseThrow(() -> ApiError.notFound("Contact"));
        String payload = Json.write(Map.of("contact", ContactJson.of(contact)));
        return new ContactUpdated(contact, eventLog.append(h, workspaceId, null, null, "contact.updated", 0, payload, null));
    }

    /** Checks a change as {@link #update} would, writing nothing: 400 on bad input. */
    public static void validate(ContactChange change) {
        if (change.name() != null) {
            bounded("name", cleanName(change.name()), 100);
        }
        if (change.email() != null) {
            validEmail(change.email());
        }
        if (change.attributes() != null) {
            validAttributes(change.attributes());
        }
    }

    /** A valid email, stripped and lower-cased; 400 otherwise. */
    public static String normalizeEmail(String email) {
        if (email == null) {
            throw ApiError.badRequest("Field 'email' must be an email address of at most 254 characters");
        }
        return validEmail(email);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, MAP);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt contact attributes", e);
        }
    }

    /** SQLite's driver cannot read NULL as a Long object. */
    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
