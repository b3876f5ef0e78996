package org.parley.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The command of the one write path, whether it came over REST or WebSocket. {@code mentions} (agent ids)
 * are for private notes only; never null. {@code content} is rich content (docs/bots.md) from agents, API keys
 * and bots; {@code payload} a visitor's tap on a quick reply or postback button. Both may be null. {@code attachments}
 * are ids of the sender's own uploads (docs/files.md); with them, {@code text} may be empty.
 */
public record SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate, List<String> mentions,
                          JsonNode content, String payload, List<String> attachments) {
    public SendMessage {
        mentions = mentions == null ? List.of() : mentions;
        attachments = attachments == null ? List.of() : attachments;
        text = text == null && !attachments.isEmpty() ? "" : text;
    }

    public SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate, List<String> mentions,
                       JsonNode content, String payload) {
        this(conversationId, clientMsgId, text, isPrivate, mentions, content, payload, List.of());
    }

    public SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate, List<String> mentions) {
        this(conversationId, clientMsgId, text, isPrivate, mentions, null, null);
    }

    public SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate) {
        this(conversationId, clientMsgId, text, isPrivate, List.of(), null, null);
    }
}
