package org.parley.bench.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.parley.bench.ParleyClient;

/**
 * The append-only history of one client: everything it sent, every answer and every frame it got, in the
 * order it saw them. The checker reads only this and the database; nothing is ever changed or removed.
 */
final class History {

    /** What happened. Fields that do not apply stay null (or -1). */
    enum Kind {
        CONNECT_FAILED, READY, BASE, RESUME, RESUMED, RESYNC, CLOSED,
        SEND, ACK, ERROR, EVENT, RELOAD, RELOAD_DONE, OTHER
    }

    /** How a send was meant: a fresh message, a deliberate resend (same id and content), or same id other content. */
    enum SendKind { NORMAL, RESEND, CONFLICT }

    /**
     * One entry. {@code conn}: index of the client's socket (0 for REST); {@code kind} of an ACK says what it
     * answered: the send's kind, STALE (a second answer to an earlier send, seen while a probe waited) or LATE
     * (nothing of this id was waiting).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(long atMs, Kind type, int conn, String conv, String id, String mid, Long seq, Long cursor,
                 String name, Integer status, String via, String kind, String text, Boolean priv) {
    }

    private final String client;
    private final long startNanos;
    private final List<Entry> entries = new ArrayList<>();

    History(String client, long startNanos) {
        this.client = client;
        this.startNanos = startNanos;
    }

    String client() {
        return client;
    }

    long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    void add(Kind type, int conn, String conv, String id, String mid, Long seq, Long cursor, String name,
             Integer status, String via, String kind, String text, Boolean priv) {
        Entry entry = new Entry(now(), type, conn, conv, id, mid, seq, cursor, name, status, via, kind, text, priv);
        synchronized (entries) {
            entries.add(entry);
        }
    }

    void note(Kind type, int conn, String name) {
        add(type, conn, null, null, null, null, null, name, null, null, null, null, null);
    }

    /** A copy, for the checker (taken after the clients stopped). */
    List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Appends this history to a JSON-lines file, one entry a line with the client's name. */
    void dump(BufferedWriter out) throws IOException {
        for (Entry entry : entries()) {
            out.write("{\"client\":\"" + client + "\",\"entry\":" + ParleyClient.JSON.writeValueAsString(entry) + "}");
            out.newLine();
        }
    }

    static void dumpAll(List<History> histories, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (History history : histories) {
                history.dump(out);
            }
        }
    }
}
