package org.parley.http;

import io.javalin.http.Context;

/** Query parameters read strictly: a bad value is a 400 that names the parameter. */
public final class Query {
    private Query() {
    }

    /** A whole number between {@code min} and {@code max}, or {@code fallback} when absent. */
    public static long number(Context ctx, String name, long min, long max, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw ApiError.badRequest("Query '" + name + "' must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Query '" + name + "' must be a number");
        }
    }

    /** {@code true} or {@code false}; absent is false. */
    public static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.badRequest("Query '" + name + "' must be true or false");
    }
}
