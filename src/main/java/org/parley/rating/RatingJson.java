package org.parley.rating;

/** Wire shapes of a rating: agents also see who it counts for ({@code agent_id}); the visitor does not. */
public final class RatingJson {
    private RatingJson() {
    }

    public record ForAgent(String conversationId, int score, String comment, String agentId, long createdAt,
                           long updatedAt) {
    }

    public record ForVisitor(String conversationId, int score, String comment, long createdAt, long updatedAt) {
    }

    public static ForAgent forAgent(Rating r) {
        return new ForAgent(r.conversationId(), r.score(), r.comment(), r.agentId(), r.createdAt(), r.updatedAt());
    }

    public static ForVisitor forVisitor(Rating r) {
        return new ForVisitor(r.conversationId(), r.score(), r.comment(), r.createdAt(), r.updatedAt());
    }
}
