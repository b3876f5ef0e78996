package org.parley.message;

import java.util.List;

/**
 * The command of the one write path, whether it came over REST or WebSocket. {@code mentions} (agent ids)
 * are for private notes only; never null.
 */
public record SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate, List<String> mentions) {
    public SendMessage {
        mentions = mentions == null ? List.of() : mentions;
    }

    public SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate) {
        this(conversationId, clientMsgId, text, isPrivate, List.of());
    }
}
