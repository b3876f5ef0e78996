package org.parley.notify;

import java.util.List;
import java.util.Map;
import org.parley.mail.Email;

/** Renders the email that carries unseen replies: plain text and an escaped HTML alternative. */
final class ReplyEmail {
    /** One reply as shown: who wrote it and what. */
    record Reply(String senderName, String text) {
    }

    private ReplyEmail() {
    }

    static Email render(String to, String business, List<Reply> replies, String continueUrl, String unsubscribeUrl,
                        String replyTo, String messageId) {
        String subject = replies.size() == 1 ? "New reply from " + business
                : replies.size() + " new replies from " + business;
        StringBuilder text = new StringBuilder();
        text.append(business).append(" replied to your conversation:\n\n");
        for (Reply reply : replies) {
            text.append(reply.senderName()).append(":\n").append(reply.text().strip()).append("\n\n");
        }
        text.append("Continue the conversation: ").append(continueUrl).append("\n\n")
                .append("You can also answer by replying to this email.\n\n")
                .append("-- \nStop these emails: ").append(unsubscribeUrl).append('\n');

        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5;color:#222\">")
                .append("<p><strong>").append(escape(business)).append("</strong> replied to your conversation:</p>");
        for (Reply reply : replies) {
            html.append("<p style=\"margin:0 0 4px;color:#555\">").append(escape(reply.senderName())).append("</p>")
                    .append("<p style=\"margin:0 0 16px;white-space:pre-wrap\">").append(escape(reply.text().strip()))
                    .append("</p>");
        }
        html.append("<p><a href=\"").append(escape(continueUrl)).append("\">Continue the conversation</a></p>")
                .append("<p style=\"color:#777;font-size:12px\">You can also answer by replying to this email. ")
                .append("<a href=\"").append(escape(unsubscribeUrl)).append("\">Stop these emails</a></p>")
                .append("</body></html>");

        Map<String, String> headers = Map.of(
                "List-Unsubscribe", "<" + unsubscribeUrl + ">",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click",
                "Auto-Submitted", "auto-generated",
                "Message-ID", messageId);
        return new Email(to, subject, text.toString(), replyTo, business + " via Parley", html.toString(), headers);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
