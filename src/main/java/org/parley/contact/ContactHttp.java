package org.parley.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Routes;

/**
 * The agents' contact routes. Identity and conversation both import contact, so what these routes need
 * from them (who calls, and the contact's conversations) is passed in by Wiring, as WorkspaceHttp does.
 */
public final class ContactHttp {
    /** The calling agent's workspace id; 401 for visitors and anonymous callers. */
    public interface Caller {
        String agentWorkspaceOf(Context ctx);
    }

    /** The agents' view of a contact's conversations, newest first. */
    public interface Conversations {
        List<?> ofContact(String workspaceId, String contactId);
    }

    private static final Set<String> EDITABLE = Set.of("name", "email");

    private final ContactService contacts;
    private final Caller caller;
    private final Conversations conversations;

    public ContactHttp(ContactService contacts, Caller caller, Conversations conversations) {
        this.contacts = contacts;
        this.caller = caller;
        this.conversations = conversations;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/contacts/{id}", ctx -> {
            String workspaceId = caller.agentWorkspaceOf(ctx);
            Contact contact = require(workspaceId, ctx.pathParam("id"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("contact", ContactJson.of(contact));
            json.put("conversations", conversations.ofContact(workspaceId, contact.id()));
            ctx.json(json);
        });
        routes.patch("/api/v1/contacts/{id}", ctx -> {
            String workspaceId = caller.agentWorkspaceOf(ctx);
            ContactService.ContactEdit edit = parseEdit(ctx.body());
            Contact contact = contacts.edit(workspaceId, ctx.pathParam("id"), edit);
            ctx.json(Map.of("contact", ContactJson.of(contact)));
        });
    }

    private Contact require(String workspaceId, String id) {
        if (id.length() > 64) {
            throw ApiError.notFound("Contact");
        }
        return contacts.find(workspaceId, id).orElseThrow(() -> ApiError.notFound("Contact"));
    }

    /** Read as a tree: here a field set to null (clear it) differs from a field left out (keep it). */
    static ContactService.ContactEdit parseEdit(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("Request body must be a JSON object");
        }
        JsonNode tree = Json.tree(body);
        if (tree == null || !tree.isObject()) {
            throw ApiError.badRequest("Request body must be a JSON object");
        }
        tree.fieldNames().forEachRemaining(name -> {
            if (!EDITABLE.contains(name)) {
                throw ApiError.badRequest("Unknown field '" + name + "'");
            }
        });
        return new ContactService.ContactEdit(tree.has("name"), text(tree, "name"), tree.has("email"), text(tree, "email"));
    }

    private static String text(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("Field '" + field + "' has the wrong type (expected string or null)");
        }
        return value.textValue();
    }
}
