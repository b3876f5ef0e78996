package org.parley.realtime;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;

/**
 * Caps on concurrent sockets (docs/limits-connections.md): per client address, counted from the upgrade
 * whether or not the socket ever authenticates; per visitor token and per agent (account or API key),
 * counted from a successful auth. A socket over a cap is closed with {@link #CLOSE_TOO_MANY} and
 * reconnects with backoff. Counts live in this process; with the cluster mode they move to Redis
 * (DESIGN §4b). Off with {@code PARLEY_RATE_LIMITS=off}, like the rate limits (the load tool opens
 * 20,000 sockets from one address).
 */
public final class ConnectionLimits {
    /** The HTTP status 429 in the 4000 range, as 4401 mirrors 401. */
    static final int CLOSE_TOO_MANY = 4429;
    /** Per visitor token (one browser): one socket per tab with the chat open; 20 tabs is a lot. */
    static final int PER_VISITOR = 20;
    /** Per agent account or API key: an agent's inbox tabs across browsers, an integration's workers. */
    static final int PER_AGENT = 20;

    private final boolean enabled;
    private final int perAddress;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /** {@code perAddress}: PARLEY_SOCKETS_PER_IP (Config.DEFAULT_SOCKETS_PER_IP), 0 for no cap per address. */
    public ConnectionLimits(boolean enabled, int perAddress) {
        this.enabled = enabled;
        this.perAddress = perAddress;
    }

    /** Takes a slot for a new socket from {@code addressKey}; false when the address holds its cap. */
    boolean admitAddress(String addressKey) {
        return !enabled || perAddress <= 0 || acquire(addressKey, perAddress);
    }

    /** Takes a slot for the socket's principal; false when the token or agent holds its cap. */
    boolean admitPrincipal(Principal principal) {
        return !enabled || acquire(principalKey(principal), principal instanceof VisitorPrincipal ? PER_VISITOR : PER_AGENT);
    }

    /** Gives back the slots of a closed socket: its address's, and its principal's when it authenticated. */
    void release(String addressKey, Principal principal) {
        if (!enabled) {
            return;
        }
        if (perAddress > 0) {
            release(addressKey);
        }
        if (principal != null) {
            release(principalKey(principal));
        }
    }

    /** Sockets counted for {@code key} now (tests and metrics). */
    int count(String key) {
        return open.getOrDefault(key, 0);
    }

    /**
     * The key of a client address: IPv4 as is; IPv6 by its /64, since one subscriber usually gets a whole
     * /64 and could otherwise open its cap from each of 2^64 addresses.
     */
    static String addressKey(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return "ip:unknown";
        }
        InetAddress address = socket.getAddress();
        if (address instanceof Inet6Address) {
            byte[] prefix = java.util.Arrays.copyOf(address.getAddress(), 8);
            return "ip6:" + HexFormat.of().formatHex(prefix) + "::/64";
        }
        return "ip:" + ((Inet4Address) address).getHostAddress();
    }

    private static String principalKey(Principal principal) {
        return switch (principal) {
            case VisitorPrincipal v -> "visitor:" + v.visitorId();
            case AgentPrincipal a when a.isIntegration() -> "api-key:" + a.apiKeyId();
            case AgentPrincipal a -> "agent:" + a.agentId();
            case org.parley.identity.BotPrincipal b -> "bot:" + b.flowId();
            default -> throw new IllegalArgumentException("unknown principal " + principal);
        };
    }

    private boolean acquire(String key, int cap) {
        boolean[] taken = {false};
        open.compute(key, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= cap) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0];
    }

    private void release(String key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
