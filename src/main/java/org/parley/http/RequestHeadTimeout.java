package org.parley.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 connections whose request head does not arrive in time are dropped (slowloris). Jetty's idle
 * timeout starts over with every byte, so a client sending one byte a second would hold its connection
 * for ever; Jetty 12 has no setting for a whole head (its minimum data rate covers bodies only).
 *
 * <p>Bounds: the first head of a connection must be complete within {@code timeout} of the accept; each
 * later head on a keep-alive connection within {@code timeout} of its first byte. The wait between
 * requests is the connector's idle timeout, not this one. Once a connection is upgraded to a WebSocket,
 * or closed, its watch ends.
 *
 * <p>Reads Jetty's {@code HttpConnection} and its parser state (public methods of an internal class):
 * if a Jetty upgrade changes them, the slow-head tests of ConnectionLimitsIT fail.
 */
final class RequestHeadTimeout extends HttpConnectionFactory {
    private static final Logger log = LoggerFactory.getLogger(RequestHeadTimeout.class);

    private final long timeoutNanos;

    RequestHeadTimeout(HttpConfiguration config, Duration timeout) {
        super(config);
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        Connection connection = super.newConnection(connector, endPoint);
        if (connection instanceof HttpConnection http) {
            new Watch(connector.getScheduler(), endPoint, http, System.nanoTime()).after(timeoutNanos);
        }
        return connection;
    }

    /** One timer per connection, armed again until the connection closes or stops speaking HTTP/1.1. */
    private final class Watch implements Runnable {
        private final Scheduler scheduler;
        private final EndPoint endPoint;
        private final HttpConnection http;
        private final long acceptedAt;

        Watch(Scheduler scheduler, EndPoint endPoint, HttpConnection http, long acceptedAt) {
            this.scheduler = scheduler;
            this.endPoint = endPoint;
            this.http = http;
            this.acceptedAt = acceptedAt;
        }

        void after(long nanos) {
            scheduler.schedule(this, Math.max(1, nanos), TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (!endPoint.isOpen() || endPoint.getConnection() != http) {
                return; // closed, or upgraded (a WebSocket has its own idle timeout)
            }
            long headStartedAt;
            if (http.getMessagesIn() == 0) {
                headStartedAt = acceptedAt; // counted when a head is complete: the first one is still missing
            } else {
                HttpParser parser = http.getParser();
                // The state is volatile and written after the begin time: read it first.
                boolean inHead = parser.inHeaderState() && !parser.isStart();
                if (!inHead) {
                    after(timeoutNanos); // idle between requests, or handling one
                    return;
                }
                headStartedAt = parser.getBeginNanoTime();
            }
            long left = headStartedAt + timeoutNanos - System.nanoTime();
            if (left > 0) {
                after(left);
                return;
            }
            // debug: under attack this would be one line per connection. No client address: Parley logs and
            // stores no IPs (docs/privacy.md); they serve only the in-memory rate limits.
            log.debug("closing a connection: no complete request head within {} s",
                    TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
            endPoint.close();
        }
    }
}
