package org.parley.webhook;

/**
 * One try at sending a delivery: when, how long, the receiver's status code (null when none came) or the error,
 * at most 2 KB of the response, and the trigger (RETRY: the schedule; REPLAY: an admin).
 */
public record WebhookAttempt(String deliveryId, int attempt, long startedAt, long durationMs, Integer statusCode,
                             String error, String response, String trigger) {
    public static final String RETRY = "RETRY";
    public static final String REPLAY = "REPLAY";
}
