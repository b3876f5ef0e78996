package org.parley.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may answer in a conversation (docs/bots.md, docs/apps.md): the humans, one version of a flow, or a bot app.
 * Stored as {@code humans}, {@code flow:<flow id>:<version>} or {@code app:<app id>}, so a bot's send can check it
 * in one comparison.
 */
public final class ThreadOwner {
    public static final String HUMANS = "humans";
    private static final String FLOW = "flow:";
    private static final String APP = "app:";

    private ThreadOwner() {
    }

    public static String flow(String flowId, int version) {
        return FLOW + flowId + ":" + version;
    }

    public static String app(String appId) {
        return APP + appId;
    }

    /** The app id of an app owner, or null. */
    public static String appId(String owner) {
        return owner != null && owner.startsWith(APP) ? owner.substring(APP.length()) : null;
    }

    public static boolean isFlow(String owner) {
        return owner != null && owner.startsWith(FLOW);
    }

    /** The flow id of a flow owner, or null for the humans and apps. */
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

    /** The agents' view: {"type":"humans"}, {"type":"flow","id":..,"version":..} or {"type":"app","id":..}. */
    public static Map<String, Object> forAgents(String owner) {
        Map<String, Object> json = new LinkedHashMap<>();
        String appId = appId(owner);
        if (appId != null) {
            json.put("type", "app");
            json.put("id", appId);
            return json;
        }
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

    /** The visitor's view: whether a bot ("flow", an app included) or a person answers, nothing more. */
    public static Map<String, Object> forVisitor(String owner) {
        return Map.of("type", HUMANS.equals(owner) ? "humans" : "flow");
    }
}
