package org.parley.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.identity.VisitorPrincipal;
import org.parley.message.Message;
import org.parley.message.MessageService;
import org.parley.message.SenderType;

/**
 * The context of a notification email, read as the visitor would (a visitor never reads private notes):
 * the customer's question and the thread's last messages, oldest first, with the unseen replies marked.
 *
 * <p>The question is the customer's latest messages before the first unseen reply (up to three in a row), or,
 * when none is among the {@value #LOOKBACK} messages before it, their first message of the conversation. The
 * history is every message from the first unseen reply to the last (customer messages between them included),
 * preceded by earlier ones up to {@value #HISTORY} in all: every unseen reply is always shown.
 */
final class ReplyEmailThread {
    static final int HISTORY = 10;
    static final int LOOKBACK = 50;
    static final int QUESTION = 3;
    /** Earlier messages are context: long ones are cut. Unseen replies are shown whole. */
    static final int EARLIER_TEXT = 1_000;

    /**
     * One message as shown: {@code author} is null for the customer's own ("You" in their language); {@code files} its
     * attachments, each with a signed link (docs/files.md).
     */
    record Line(String author, long at, String text, boolean isNew, List<FileLink> files) {
        Line(String author, long at, String text, boolean isNew) {
            this(author, at, text, isNew, List.of());
        }

        boolean fromCustomer() {
            return author == null;
        }
    }

    /** A file of a message in an email: its name, its size for people, and a signed link valid for days. */
    record FileLink(String name, String size, String url) {
    }

    record Context(List<Line> question, List<Line> history) {
    }

    /** The thread's reads, as the visitor may make them (never a private note), oldest first. */
    interface Reader {
        List<Message> after(long seq, int limit);

        /** The newest {@code limit} messages before {@code seq}, oldest first. */
        List<Message> before(long seq, int limit);

        static Reader of(MessageService messages, VisitorPrincipal visitor, String conversationId) {
            return new Reader() {
                @Override
                public List<Message> after(long seq, int limit) {
                    return messages.list(visitor, conversationId, seq, limit);
                }

                @Override
                public List<Message> before(long seq, int limit) {
                    return messages.listBefore(visitor, conversationId, seq, limit);
                }
            };
        }
    }

    private ReplyEmailThread() {
    }

    /** {@code replies}: the unseen agent and bot replies, in seq order (not empty). */
    static Context load(Reader messages, List<Message> replies, String business) {
        return load(messages, replies, business, id -> null);
    }

    /** As above, with {@code fileUrl} making the signed link of each file shown (null: the file is left out). */
    static Context load(Reader messages, List<Message> replies, String business,
                        java.util.function.Function<String, String> fileUrl) {
        long first = replies.get(0).seq();
        long last = replies.get(replies.size() - 1).seq();
        Set<String> unseen = replies.stream().map(Message::id).collect(Collectors.toSet());
        List<Message> span = messages.after(first - 1, MessageService.MAX_PAGE).stream()
                .filter(m -> m.seq() <= last && shown(m)).toList();
        List<Message> earlier = first <= 1 ? List.of()
                : messages.before(first, LOOKBACK).stream().filter(ReplyEmailThread::shown).toList();

        List<Line> history = new ArrayList<>();
        earlier.subList(Math.max(0, earlier.size() - Math.max(0, HISTORY - span.size())), earlier.size())
                .forEach(m -> history.add(line(m, business, false, EARLIER_TEXT, fileUrl)));
        span.forEach(m -> history.add(line(m, business, unseen.contains(m.id()), Integer.MAX_VALUE, fileUrl)));

        List<Message> question = question(earlier);
        if (question.isEmpty() && earlier.size() >= LOOKBACK) {
            // The question is further back than the look-back: the customer's first message then.
            question = messages.after(0, LOOKBACK).stream()
                    .filter(m -> shown(m) && m.senderType() == SenderType.CONTACT && m.seq() < first).limit(1).toList();
        }
        return new Context(question.stream().map(m -> line(m, business, false, EARLIER_TEXT, fileUrl)).toList(), history);
    }

    /** The customer's last run of messages (up to {@value #QUESTION}), in order. */
    private static List<Message> question(List<Message> earlier) {
        int end = earlier.size();
        while (end > 0 && earlier.get(end - 1).senderType() != SenderType.CONTACT) {
            end--;
        }
        int start = end;
        while (start > 0 && end - start < QUESTION && earlier.get(start - 1).senderType() == SenderType.CONTACT) {
            start--;
        }
        return earlier.subList(start, end);
    }

    /** What the customer saw in the widget: no private note, no system message (those are agents' only). */
    private static boolean shown(Message m) {
        return !m.isPrivate() && m.senderType() != SenderType.SYSTEM;
    }

    private static Line line(Message m, String business, boolean isNew, int maxText,
                             java.util.function.Function<String, String> fileUrl) {
        String author = m.senderType() == SenderType.CONTACT ? null
                : m.senderName() == null || m.senderName().isBlank() ? business : m.senderName();
        // Rich messages read as text: the choices as bullets, links written out (docs/bots.md).
        String text = org.parley.message.RichContent.plainText(m.text(), m.content());
        List<FileLink> files = new ArrayList<>();
        if (m.content() != null) {
            for (var file : org.parley.http.Json.tree(m.content()).path("attachments")) {
                String url = fileUrl.apply(file.path("id").asText());
                if (url != null) {
                    files.add(new FileLink(file.path("name").asText(), size(file.path("size").asLong()), url));
                }
            }
        }
        // A message of files only has their names as its text: the list of files says it.
        String names = files.stream().map(FileLink::name).collect(Collectors.joining(", "));
        return new Line(author, m.createdAt(), files.isEmpty() || !text.strip().equals(names) ? cut(text.strip(), maxText) : "",
                isNew, files);
    }

    static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? (bytes + 512) / 1024 + " KB"
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "…";
    }
}
