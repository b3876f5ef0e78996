package org.parley.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built front-end files from the classpath ({@code public/}, produced by {@code web/}). Only files
 * that exist are cached, and cache headers go only on hits.
 */
public final class StaticFiles {
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8", "svg", "image/svg+xml",
            "json", "application/json", "webmanifest", "application/manifest+json", "mp3", "audio/mpeg",
            "png", "image/png", "woff2", "font/woff2");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** A file name from a URL, safe to append to a directory: no slashes, no leading dot. */
    public static String fileName(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.matches("[A-Za-z0-9_.-]{1,100}") || file.startsWith(".")) {
            throw ApiError.notFound("Asset");
        }
        return file;
    }

    public void serve(Context ctx, String resource, String cacheControl) {
        byte[] body = cache.get(resource);
        if (body == null) {
            body = load(resource);
            if (body == null) {
                throw ApiError.notFound("Asset");
            }
            cache.put(resource, body);
        }
        ctx.header("Cache-Control", cacheControl);
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        ctx.contentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        ctx.result(body);
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
