package org.parley.contact;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/** The only write entry for contacts. */
public final class ContactService {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final RowMapper<Contact> CONTACT = (rs, ctx) -> new Contact(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), parse(rs.getString(5)), rs.getLong(6), rs.getLong(7));

    private final Database db;
    private final Ids ids;
    private final Clock clock;

    public ContactService(Database db, Ids ids, Clock clock) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
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

    public Optional<Contact> find(String workspaceId, String contactId) {
        return db.read(h -> find(h, workspaceId, contactId));
    }

    private static Optional<Contact> find(Handle h, String workspaceId, String contactId) {
        return h.createQuery("SELECT id, workspace_id, name, email, attributes, created_at, updated_at "
                        + "FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", contactId).map(CONTACT).findOne();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, MAP);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt contact attributes", e);
        }
    }
}
