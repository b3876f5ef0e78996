package org.parley.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may answer in a conversation (docs/bots.md): the humans, or one version of a flow. Stored as
 * {@code humans} or {@code flow:<flow id>:<version>}, so a bot's send can check it in one comparison.
 */
public final class ThreadOwner {
    public static final String HUMANS = "humans";
    private static final String FLOW = "flow:";

    private ThreadOwner() {
    }

    public static String flow(String flowId, int version) {
        return FLOW + flowId + ":" + version;
    }

    /** The flow id of a flow owner, or null for the humans. */
    public static String flowId(String owner) {
        if (owner == null || !owner.startsWith(FLOW)) {
            return null;
        }
        int colon = owner.lastIndexOf(':');
        return owner.substring(FLOW.length(), colon);
    }

    /** The version of a flow owner (0 for the humans). */
    public static int version(String owner) {
        return flowId(owner) == null ? 0 : Integer.parseInt(owner.substring(owner.lastIndexOf(':') + 1));
    }

    /** The agents' view: {"type":"humans"} or {"type":"flow","id":..,"version":..}. */
    public static Map<String, Object> forAgents(String owner) {
        Map<String, Object> json = new LinkedHashMap<>();
        String flowId = flowId(owner);
        if (flowId == null) {
            json.put("type", "humans");
            return json;
        }
        json.put("type", "flow");
        json.put("id", flowId);
        json.put("version", version(owner));
        return json;
    }

    /** The visitor's view: whether a bot or a person answers, nothing more. */
    public static Map<String, Object> forVisitor(String owner) {
        return Map.of("type", flowId(owner) == null ? "humans" : "flow");
    }
}
