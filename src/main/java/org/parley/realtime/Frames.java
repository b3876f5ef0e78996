package org.parley.realtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;

/** Client frames (parsed strictly) and server frames (rendered once). Protocol: docs/realtime.md. */
final class Frames {
    static final String PONG = "{\"type\":\"pong\"}";
    static final String RESUMED = "{\"type\":\"resumed\"}";

    sealed interface ClientFrame permits Auth, Send, Resume, Typing, Read, Ping {
    }

    record Auth(String type, String token, String apiKey) implements ClientFrame {
    }

    record Send(String type, String conversationId, String clientMsgId, String text,
                @JsonProperty("private") Boolean isPrivate, java.util.List<String> mentions,
                com.fasterxml.jackson.databind.JsonNode content, String payload,
                java.util.List<String> attachments) implements ClientFrame {
    }

    record Resume(String type, Map<String, Long> cursors, Long cursor) implements ClientFrame {
    }

    record Typing(String type, String conversationId, Boolean typing) implements ClientFrame {
    }

    record Read(String type, String conversationId, Long seq) implements ClientFrame {
    }

    record Ping(String type) implements ClientFrame {
    }

    private Frames() {
    }

    static ClientFrame parse(String text) {
        JsonNode node = Json.tree(text);
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw ApiError.badRequest("A frame is a JSON object with a string 'type'");
        }
        String type = node.get("type").asText();
        return switch (type) {
            case "auth" -> Json.convert(node, Auth.class);
            case "send" -> Json.convert(node, Send.class);
            case "resume" -> Json.convert(node, Resume.class);
            case "typing" -> Json.convert(node, Typing.class);
            case "read" -> Json.convert(node, Read.class);
            case "ping" -> Json.convert(node, Ping.class);
            default -> throw new ApiError(400, "unknown_type", "Unknown frame type '" + abbreviate(type) + "'");
        };
    }

    static String event(RecordedEvent event, boolean forAgent) {
        StringBuilder frame = new StringBuilder(256)
                .append("{\"type\":\"event\",\"event\":").append(Json.write(event.name()));
        if (event.conversationId() != null) {
            frame.append(",\"conversation_id\":").append(Json.write(event.conversationId()));
        }
        if (forAgent) {
            frame.append(",\"cursor\":").append(event.cursor());
        }
        frame.append(",\"data\":").append(forAgent ? event.agentPayload() : event.visitorPayload()).append('}');
        return frame.toString();
    }

    static String error(ApiError error, String clientMsgId) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("code", error.code());
        frame.put("status", error.status());
        frame.put("message", error.getMessage());
        if (error.status() == 429) {
            frame.put("retry_after", Math.max(1, error.retryAfterSeconds())); // as REST's Retry-After header
        }
        if (clientMsgId != null) {
            frame.put("client_msg_id", clientMsgId);
        }
        return Json.write(frame);
    }

    static String of(Object... keyValues) {
        Map<String, Object> frame = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            frame.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Json.write(frame);
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "...";
    }
}
