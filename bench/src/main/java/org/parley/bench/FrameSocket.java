package org.parley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One Parley WebSocket: reassembles text frames into JSON objects, completes {@link #ready()} on the
 * first {@code ready} frame and hands every later frame to its handler. Sends are queued, because the
 * JDK WebSocket allows only one outstanding send at a time.
 */
public final class FrameSocket implements WebSocket.Listener {

    /** Called on the socket's reading thread, one frame at a time: keep it short. */
    public interface Handler {
        void onFrame(FrameSocket socket, JsonNode frame);
    }

    private final Handler handler;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket webSocket;
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);

    FrameSocket(Handler handler) {
        this.handler = handler;
    }

    public static String json(Object value) {
        try {
            return ParleyClient.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CompletableFuture<JsonNode> ready() {
        return ready;
    }

    /** Completes with a reason ("close 1000 ...", "error ...") when the socket ends. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    public boolean isOpen() {
        return webSocket != null && !closed.isDone();
    }

    /** Queues one text frame; the future completes when it is written (or fails). */
    public synchronized CompletableFuture<?> send(String text) {
        WebSocket ws = webSocket;
        sendTail = sendTail.handle((ignored, failure) -> null)
                .thenCompose(ignored -> ws.sendText(text, true));
        return sendTail;
    }

    /** Starts a normal close; the caller bounds the wait with {@link #closed()} and then {@link #abort()}. */
    public void close() {
        WebSocket ws = webSocket;
        if (ws != null && !ws.isOutputClosed()) {
            synchronized (this) {
                sendTail = sendTail.handle((ignored, failure) -> null)
                        .thenCompose(ignored -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
            }
        }
    }

    /** Closes every socket, waits at most {@code seconds} for the server's answers, then aborts the rest. */
    static void closeAll(List<FrameSocket> sockets, long seconds) {
        sockets.forEach(FrameSocket::close);
        CompletableFuture<?> all = CompletableFuture.allOf(
                sockets.stream().map(FrameSocket::closed).toArray(CompletableFuture[]::new));
        try {
            all.get(seconds, TimeUnit.SECONDS);
        } catch (Exception timedOutOrInterrupted) {
            // whatever is still open is aborted below
        }
        sockets.forEach(FrameSocket::abort);
    }

    public void abort() {
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.abort();
        }
        ended("aborted");
    }

    @Override
    public void onOpen(WebSocket ws) {
        this.webSocket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            dispatch(text);
        }
        ws.request(1);
        return null;
    }

    private void dispatch(String text) {
        JsonNode frame;
        try {
            frame = ParleyClient.JSON.readTree(text);
        } catch (IOException e) {
            System.err.println("bench: unparsable frame: " + text);
            return;
        }
        if (!ready.isDone()) {
            String type = frame.path("type").asText();
            if (type.equals("ready")) {
                ready.complete(frame);
                return;
            }
            if (type.equals("error")) {
                ready.completeExceptionally(new IOException("auth refused: " + text));
                return;
            }
        }
        try {
            handler.onFrame(this, frame);
        } catch (RuntimeException e) {
            // A throwing listener would make the JDK fail the socket: report and keep reading.
            System.err.println("bench: handler failed on " + text + ": " + e);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        ended("close " + statusCode + (reason.isEmpty() ? "" : " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        ended("error " + error);
    }

    private void ended(String reason) {
        closed.complete(reason);
        ready.completeExceptionally(new IOException("socket ended before ready: " + reason));
    }
}
