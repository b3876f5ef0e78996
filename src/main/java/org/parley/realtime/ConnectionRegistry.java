package org.parley.realtime;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Who is connected: agents by workspace, visitors by visitor id. In-process; Redis fans out across nodes later. */
final class ConnectionRegistry {
    private final Map<String, Connection> all = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> agentsByWorkspace = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> visitorsByContact = new ConcurrentHashMap<>();

    void opened(Connection connection) {
        all.put(connection.id(), connection);
    }

    /** Called once the connection has authenticated. */
    void join(Connection connection) {
        if (connection.isAgent()) {
            agentsByWorkspace.computeIfAbsent(connection.agent().workspaceId(), k -> ConcurrentHashMap.newKeySet()).add(connection);
        } else {
            visitorsByContact.computeIfAbsent(connection.visitor().contactId(), k -> ConcurrentHashMap.newKeySet()).add(connection);
        }
    }

    /** Forgets the connection; true the first time only (close and error may both report it). */
    boolean closed(Connection connection) {
        if (all.remove(connection.id()) == null) {
            return false;
        }
        if (connection.principal() == null) {
            return true;
        }
        if (connection.isAgent()) {
            remove(agentsByWorkspace, connection.agent().workspaceId(), connection);
        } else {
            remove(visitorsByContact, connection.visitor().contactId(), connection);
        }
        return true;
    }

    Set<Connection> agents(String workspaceId) {
        return agentsByWorkspace.getOrDefault(workspaceId, Set.of());
    }

    /** Every widget socket of the contact: one per browser, several once its identity is verified. */
    Set<Connection> contact(String contactId) {
        return visitorsByContact.getOrDefault(contactId, Set.of());
    }

    Collection<Connection> all() {
        return all.values();
    }

    /** Open sockets of one kind: "agent" (people and integrations), "visitor", or "unauthenticated". */
    int count(String kind) {
        int count = 0;
        for (Connection connection : all()) {
            var principal = connection.principal();
            String its = principal == null ? "unauthenticated"
                    : principal instanceof org.parley.identity.AgentPrincipal ? "agent" : "visitor";
            count += its.equals(kind) ? 1 : 0;
        }
        return count;
    }

    /** Closes every socket with this code and waits up to {@code wait} for the close handshakes to finish. */
    void closeAll(int code, String reason, java.time.Duration wait) {
        all().forEach(c -> c.close(code, reason));
        long deadline = System.nanoTime() + wait.toNanos();
        while (size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int size() {
        return all.size();
    }

    private static void remove(Map<String, Set<Connection>> index, String key, Connection connection) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }
}
