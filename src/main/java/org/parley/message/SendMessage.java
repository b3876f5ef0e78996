package org.parley.message;

/** The command of the one write path, whether it came over REST or WebSocket. */
public record SendMessage(String conversationId, String clientMsgId, String text, boolean isPrivate) {
}
