package org.parley.http;

/**
 * An error with its HTTP status and stable code, rendered as
 * {@code {"error":{"code":"...","message":"..."}}} over REST and as an {@code error} frame over WebSocket.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private long retryAfterSeconds;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    /** Missing and not-yours look the same: no one learns that another tenant's id exists. */
    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " not found");
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "too_large", message);
    }

    public static ApiError rateLimited() {
        return rateLimited(1);
    }

    /** 429 with the seconds until a retry can pass: HTTP answers carry them as {@code Retry-After}. */
    public static ApiError rateLimited(long retryAfterSeconds) {
        ApiError error = new ApiError(429, "rate_limited", "Too many requests; slow down and retry in "
                + Math.max(1, retryAfterSeconds) + " s");
        error.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return error;
    }

    /** Seconds until a retry can pass (429 only; 0 otherwise). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
