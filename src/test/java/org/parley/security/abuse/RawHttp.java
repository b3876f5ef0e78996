package org.parley.security.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.parley.http.HttpServer;
import org.parley.testing.TestServer;

/** HTTP/1.1 written by hand on a plain socket to the test node (loopback only), as a slowloris client would. */
final class RawHttp {
    /** How a trickle ended: whether the server answered a first, complete request, and when it closed. */
    record Trickle(boolean answeredFirst, long closedAfterMillis) {
    }

    private RawHttp() {
    }

    /**
     * Starts a request head and then sends one more byte of a header value every second, for at most the head
     * timeout plus 8 s; with {@code afterOneRequest}, first sends a complete request and reads its answer.
     * Returns the milliseconds from the start of the trickled head until the server closed the connection
     * (-1 if it never did within the bound).
     */
    static Trickle trickle(TestServer server, String sourceAddress, boolean afterOneRequest) {
        int port = URI.create(server.baseUrl()).getPort();
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(sourceAddress), 0)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            boolean answered = false;
            if (afterOneRequest) {
                out.write(ascii("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
                out.flush();
                answered = readResponse(in) == 200;
            }
            long start = System.nanoTime();
            out.write(ascii("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
            out.flush();
            long bound = HttpServer.HEAD_TIMEOUT.plusSeconds(8).toNanos();
            socket.setSoTimeout(1_000);
            while (System.nanoTime() - start < bound) {
                try {
                    if (in.read() == -1) {
                        return new Trickle(answered, elapsedMillis(start));
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // a second without an answer: one more byte
                } catch (IOException reset) {
                    return new Trickle(answered, elapsedMillis(start));
                }
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException closed) {
                    return new Trickle(answered, elapsedMillis(start));
                }
            }
            return new Trickle(answered, -1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Two complete requests on one keep-alive connection, {@code apart} from each other: the second's status. */
    static int twoRequestsApart(TestServer server, Duration apart) {
        int port = URI.create(server.baseUrl()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] request = ascii("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            socket.getOutputStream().write(request);
            if (readResponse(socket.getInputStream()) != 200) {
                throw new IllegalStateException("the first request failed");
            }
            Thread.sleep(apart.toMillis());
            socket.getOutputStream().write(request);
            return readResponse(socket.getInputStream());
        } catch (IOException e) {
            return -1; // the connection was closed while idle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads one response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        long length = 0;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).strip(), 16); size > 0; size = Long.parseLong(line(in).strip(), 16)) {
                in.readNBytes((int) size);
                line(in);
            }
            line(in);
        } else {
            in.readNBytes((int) length);
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
