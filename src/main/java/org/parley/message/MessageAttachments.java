package org.parley.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.parley.file.FileJson;
import org.parley.http.Json;

/**
 * A message's files (docs/files.md) in its stored content: {@code attachments}, after the rich content or mentions it
 * may also have. Kept apart so the idempotency check compares what the sender sent (ids), not what was stored.
 */
final class MessageAttachments {
    private MessageAttachments() {
    }

    /** The content to store: {@code content} (JSON or null) with the attachments added. */
    static String withAttachments(String content, List<FileJson> attached) {
        ObjectNode out = content == null ? Json.MAPPER.createObjectNode() : (ObjectNode) Json.tree(content);
        ArrayNode list = out.putArray("attachments");
        attached.forEach(file -> list.add(Json.MAPPER.valueToTree(file)));
        return Json.write(out);
    }

    /** The plain-text rendering of a message of files only: their names (previews, emails, search). */
    static String plainText(List<FileJson> attached) {
        return attached.stream().map(FileJson::name).collect(Collectors.joining(", "));
    }

    /**
     * Whether a retry with the same client_msg_id is the same message: same privacy, same content besides the files,
     * the same file ids in the same order, and the same text (an empty text stood for the file names).
     */
    static boolean sameMessage(Message earlier, SendMessage retry, String content) {
        List<String> earlierIds = ids(earlier.content());
        boolean sameText = earlier.text().equals(retry.text()) || (retry.text().isBlank() && !earlierIds.isEmpty());
        return sameText && earlier.isPrivate() == retry.isPrivate() && earlierIds.equals(retry.attachments())
                && Objects.equals(withoutAttachments(earlier.content()), content);
    }

    private static List<String> ids(String content) {
        List<String> ids = new ArrayList<>();
        if (content != null) {
            Json.tree(content).path("attachments").forEach(file -> ids.add(file.path("id").asText()));
        }
        return ids;
    }

    private static String withoutAttachments(String content) {
        if (content == null) {
            return null;
        }
        JsonNode tree = Json.tree(content);
        if (!tree.has("attachments")) {
            return content;
        }
        ObjectNode rest = ((ObjectNode) tree).deepCopy();
        rest.remove("attachments");
        return rest.isEmpty() ? null : Json.write(rest);
    }
}
