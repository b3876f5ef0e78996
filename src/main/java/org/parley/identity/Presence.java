package org.parley.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who of a workspace's team is reachable now: an agent is {@code online} or {@code away} (their choice,
 * stored with the agent) while they have at least one agent socket open, and {@code offline} otherwise.
 * In-process, like the socket registry it mirrors; with several nodes it moves to Redis with them.
 * Changes are reported to one listener (the realtime gateway, set in Wiring), outside any lock.
 */
public final class Presence {
    public static final String ONLINE = "online";
    public static final String AWAY = "away";
    public static final String OFFLINE = "offline";

    /** Told when an agent's effective presence changes. */
    public interface Listener {
        void changed(String workspaceId, String agentId, String presence);
    }

    private record State(int sockets, String chosen) {
        String effective() {
            return sockets > 0 ? chosen : OFFLINE;
        }
    }

    private final Map<String, Map<String, State>> byWorkspace = new ConcurrentHashMap<>();
    private volatile Listener listener = (workspaceId, agentId, presence) -> { };

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** An agent socket opened; {@code chosen} is the agent's stored choice. */
    public void connected(String workspaceId, String agentId, String chosen) {
        change(workspaceId, agentId, s -> s == null ? new State(1, chosen) : new State(s.sockets() + 1, chosen));
    }

    public void disconnected(String workspaceId, String agentId) {
        change(workspaceId, agentId, s -> s == null || s.sockets() <= 1 ? null : new State(s.sockets() - 1, s.chosen()));
    }

    /** The agent chose online or away (already stored). */
    public void chose(String workspaceId, String agentId, String chosen) {
        change(workspaceId, agentId, s -> s == null ? null : new State(s.sockets(), chosen));
    }

    public String of(String workspaceId, String agentId) {
        State state = byWorkspace.getOrDefault(workspaceId, Map.of()).get(agentId);
        return state == null ? OFFLINE : state.effective();
    }

    /** Whether someone of the workspace's team is online (the widget promises a quick reply then). */
    public boolean anyOnline(String workspaceId) {
        return byWorkspace.getOrDefault(workspaceId, Map.of()).values().stream()
                .anyMatch(s -> ONLINE.equals(s.effective()));
    }

    private void change(String workspaceId, String agentId, java.util.function.UnaryOperator<State> update) {
        String[] before = new String[1];
        String[] after = new String[1];
        byWorkspace.compute(workspaceId, (ws, agents) -> {
            Map<String, State> map = agents == null ? new ConcurrentHashMap<>() : agents;
            State old = map.get(agentId);
            State next = update.apply(old);
            before[0] = old == null ? OFFLINE : old.effective();
            after[0] = next == null ? OFFLINE : next.effective();
            if (next == null) {
                map.remove(agentId);
            } else {
                map.put(agentId, next);
            }
            return map.isEmpty() ? null : map;
        });
        if (!before[0].equals(after[0])) {
            listener.changed(workspaceId, agentId, after[0]);
        }
    }
}
