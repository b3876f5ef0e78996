package org.parley.message;

/** The wire shape of a message, the same live, on replay and over REST. */
public record MessageJson(String id, String conversationId, long seq, Sender sender, String text, Object content,
                          boolean isPrivate, String clientMsgId, long createdAt) {

    public record Sender(String type, String id, String name) {
    }

    public static MessageJson of(Message m) {
        Object content = m.content() == null ? null : org.parley.http.Json.tree(m.content());
        // A system message has no sender of its own: {"type":"system"}.
        Sender sender = m.senderType() == SenderType.SYSTEM ? new Sender("system", null, null)
                : new Sender(m.senderType().wire(), m.senderId(), m.senderName());
        return new MessageJson(m.id(), m.conversationId(), m.seq(), sender, m.text(), content, m.isPrivate(),
                m.clientMsgId(), m.createdAt());
    }

    @com.fasterxml.jackson.annotation.JsonProperty("private")
    public boolean isPrivate() {
        return isPrivate;
    }
}
