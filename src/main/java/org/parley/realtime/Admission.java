package org.parley.realtime;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.http.ApiError;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;

/**
 * Who may hold a socket: the caps of {@link ConnectionLimits} at the upgrade and at auth, and the auth
 * deadline (a socket that has not authenticated within it is closed with 4401, as a failed auth is).
 */
final class Admission {
    /** A client sends `auth` right after the upgrade; 10 s is plenty even on a slow mobile link. */
    static final Duration AUTH_DEADLINE = Duration.ofSeconds(10);

    private final ConnectionLimits limits;
    private final ScheduledExecutorService timers;
    private volatile Duration authDeadline = AUTH_DEADLINE;

    Admission(ConnectionLimits limits, ScheduledExecutorService timers) {
        this.limits = limits;
        this.timers = timers;
    }

    /** At the upgrade: false (and the socket refused with 4429) when its address holds its cap. */
    boolean admit(Connection connection) {
        if (!limits.admitAddress(connection.addressKey())) {
            refuse(connection, "Too many connections from this address");
            return false;
        }
        timers.schedule(() -> expireUnauthenticated(connection), authDeadline.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * At auth, under the connection's monitor and only for a socket not closed yet (so a slot taken is
     * always given back by {@link #release}): false (and the socket refused) when the token or agent holds
     * its cap.
     */
    boolean admit(Connection connection, Principal principal) {
        if (!limits.admitPrincipal(principal)) {
            refuse(connection, "Too many connections for this " + (principal instanceof VisitorPrincipal ? "visitor" : "agent"));
            return false;
        }
        return true;
    }

    /** Once per admitted socket, when it closes. */
    void release(Connection connection) {
        limits.release(connection.addressKey(), connection.principal());
    }

    /** Test hook: the auth deadline of sockets opened from now on. */
    void authDeadline(Duration deadline) {
        this.authDeadline = deadline;
    }

    private static void expireUnauthenticated(Connection connection) {
        if (connection.principal() == null) {
            connection.close(RealtimeGateway.CLOSE_UNAUTHORIZED, "no auth frame");
        }
    }

    /** An error frame the client can read, then the close: 4429 tells it to reconnect later, with backoff. */
    private static void refuse(Connection connection, String message) {
        synchronized (connection) {
            connection.markClosed(); // frames already in flight are ignored (auth never runs on it)
        }
        connection.send(Frames.error(new ApiError(429, "too_many_connections", message), null));
        connection.close(ConnectionLimits.CLOSE_TOO_MANY, "too many connections");
    }
}
