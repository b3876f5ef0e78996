package org.parley.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP client for requests to URLs users or admins supply (webhooks today, bot apps next): Jetty's
 * {@link HttpClient} with the address pinned. Its {@link SocketAddressResolver} runs
 * {@link UrlGuard#checkDestination} at connect time: the host is resolved once, through the guard's resolver,
 * every address is checked, and only those checked addresses reach the connector. So there is no gap
 * between the check and the connection for DNS rebinding to slip through. Redirects are never followed
 * (a 3xx is an answer like any other); a response body is read up to a limit, then the exchange is cut.
 */
public final class GuardedHttp implements AutoCloseable {
    /** An answer: its status, at most {@code maxBody} bytes of its body, and whether more was cut off. */
    public record Answer(int status, byte[] body, boolean overLimit) {
    }

    private final HttpClient client;

    public GuardedHttp(UrlGuard guard, Duration connectTimeout) {
        ClientConnector connector = new ClientConnector();
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("outbound-http");
        threads.setDaemon(true);
        connector.setExecutor(threads);
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setUserAgentField(null);
        client.setSocketAddressResolver(new Pinned(guard));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the outbound HTTP client", e);
        }
    }

    /**
     * POSTs {@code body}; the whole exchange (connect, send, answer) within {@code timeout}.
     *
     * @throws OutboundRefused the guard refused the URL or every address it resolves to
     * @throws TimeoutException no answer in time
     * @throws IOException any other failure (connection refused, reset, bad response)
     */
    public Answer post(URI uri, Map<String, String> headers, byte[] body, String contentType, Duration timeout,
                       int maxBody) throws OutboundRefused, TimeoutException, IOException {
        Request request = client.newRequest(uri).method("POST").timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(contentType, body));
        request.headers(h -> headers.forEach(h::put));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        try (InputStream in = listener.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                int room = maxBody - out.size();
                if (n > room) {
                    out.write(buffer, 0, room);
                    request.abort(new IOException("response over " + maxBody + " bytes"));
                    return new Answer(response.getStatus(), out.toByteArray(), true);
                }
                out.write(buffer, 0, n);
            }
            return new Answer(response.getStatus(), out.toByteArray(), false);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The cause that says what happened: a refusal or a timeout as such, anything else as an IOException. */
    private static IOException failure(Throwable cause) throws OutboundRefused, TimeoutException {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OutboundRefused refused) {
                throw refused;
            }
            if (t instanceof TimeoutException timeout) {
                throw timeout;
            }
        }
        String message = cause == null ? "failed" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new IOException(message, cause);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: nothing left to do
        }
    }

    /** Resolves through the guard: checked addresses only, or the connection fails with the refusal. */
    private record Pinned(UrlGuard guard) implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
            try {
                Object destination = context.get(Destination.CONTEXT_KEY);
                String scheme = destination instanceof Destination d ? d.getOrigin().getScheme() : "https";
                String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
                UrlGuard.Destination checked = guard.checkDestination(new URI(scheme, null, bare, port, "/", null, null));
                List<InetSocketAddress> addresses = checked.addresses().stream()
                        .map((InetAddress a) -> new InetSocketAddress(a, port)).toList();
                promise.succeeded(addresses);
            } catch (OutboundRefused e) {
                promise.failed(e);
            } catch (URISyntaxException | RuntimeException e) {
                promise.failed(new OutboundRefused("must name a host by a DNS name or an IP address"));
            }
        }
    }
}
