package org.parley.conversation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.parley.identity.Agent;
import org.parley.identity.AgentPrincipal;

/**
 * An agent-only line in a conversation's timeline that records an assignment or a status change
 * ("Ana resolved this conversation"). {@code kind} is "assigned", "unassigned", "status_changed" or "handed_over";
 * {@code text} is the readable sentence, {@link #content()} the structured form clients render from.
 */
public record SystemMessage(String kind, String text, String actorId, String assigneeId, ConversationStatus status,
                            Long snoozedUntil, String reason) {

    SystemMessage(String kind, String text, String actorId, String assigneeId, ConversationStatus status, Long snoozedUntil) {
        this(kind, text, actorId, assigneeId, status, snoozedUntil, null);
    }

    static SystemMessage assigned(AgentPrincipal actor, Agent assignee) {
        String text = assignee.id().equals(actor.agentId())
                ? actor.name() + " took this conversation"
                : actor.name() + " assigned this to " + assignee.name();
        return new SystemMessage("assigned", text, actor.actorId(), assignee.id(), null, null);
    }

    static SystemMessage unassigned(AgentPrincipal actor) {
        return new SystemMessage("unassigned", actor.name() + " unassigned this", actor.actorId(), null, null, null);
    }

    static SystemMessage statusChanged(AgentPrincipal actor, ConversationStatus previous, ConversationStatus status,
                                       Long snoozedUntil) {
        String text = switch (status) {
            case OPEN -> previous == ConversationStatus.PENDING
                    ? actor.name() + " marked this conversation as open"
                    : actor.name() + " reopened this conversation";
            case PENDING -> actor.name() + " marked this conversation as pending";
            case SNOOZED -> actor.name() + " snoozed this until "
                    + Instant.ofEpochMilli(snoozedUntil).truncatedTo(ChronoUnit.SECONDS);
            case RESOLVED -> actor.name() + " resolved this conversation";
        };
        return new SystemMessage("status_changed", text, actor.actorId(), null, status,
                status == ConversationStatus.SNOOZED ? snoozedUntil : null);
    }

    static SystemMessage snoozeEnded() {
        return new SystemMessage("status_changed", "Snooze ended", null, null, ConversationStatus.OPEN, null);
    }

    static SystemMessage reopenedByVisitor() {
        return new SystemMessage("status_changed", "Visitor reopened this conversation", null, null,
                ConversationStatus.OPEN, null);
    }

    /** A line for a change of thread owner; {@code actor} is the agent's name, or null for the bot itself. */
    static SystemMessage handedOver(String actorId, String actorName, String to, String reason) {
        boolean toHumans = ThreadOwner.HUMANS.equals(to);
        String text = switch (reason) {
            case "agent_took", "agent_replied" -> actorName + " took this conversation from the bot";
            case "given_back" -> actorName + " gave this conversation back to the bot";
            case "visitor_asked" -> "The visitor asked for a person; the bot handed this to the team";
            case "timeout" -> "The visitor stopped answering; the bot handed this to the team";
            case "handoff" -> toHumans ? "The bot handed this conversation to the team"
                    : "The flow handed this conversation to a bot app";
            case "passed" -> actorName + (toHumans ? " handed this conversation to the team" : " passed this conversation to another bot");
            case "agent_passed" -> actorName + " gave this conversation to a bot";
            case "taken" -> actorName + " took this conversation";
            case "app_removed" -> "The bot that had this conversation was removed; it is the team's now";
            case "app_unresponsive" -> "The bot did not answer the visitor in time; handed to the team";
            default -> toHumans ? "The bot handed this conversation to the team" : "A bot took this conversation";
        };
        return new SystemMessage("handed_over", text, actorId, null, null, null, reason);
    }

    static SystemMessage botAssigned(Agent assignee) {
        return new SystemMessage("assigned", "The bot assigned this to " + assignee.name(), null, assignee.id(), null, null,
                null);
    }

    static SystemMessage botResolved() {
        return new SystemMessage("status_changed", "The bot resolved this conversation", null, null,
                ConversationStatus.RESOLVED, null, null);
    }

    /** The message's {@code content}: {"system", "actor_id"?, "assignee_id"?, "status"?, "snoozed_until"?}. */
    public Map<String, Object> content() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("system", kind);
        if (actorId != null) {
            content.put("actor_id", actorId);
        }
        if (assigneeId != null) {
            content.put("assignee_id", assigneeId);
        }
        if (status != null) {
            content.put("status", status.wire());
        }
        if (snoozedUntil != null) {
            content.put("snoozed_until", snoozedUntil);
        }
        if (reason != null) {
            content.put("reason", reason);
        }
        return content;
    }
}
