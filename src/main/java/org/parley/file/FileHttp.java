package org.parley.file;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.Authenticator;
import org.parley.identity.Principal;

/**
 * File routes (docs/files.md): uploads for agents, apps and API keys, and for visitors; reads of a file or its
 * thumbnail by agents (their cookie, so an {@code <img>} in the inbox just works), visitors (their bearer token) or a
 * signed link. Only a re-encoded image is ever shown inline; everything else, SVG and HTML included, is a download,
 * and every answer carries nosniff and a sandboxing CSP, so no stored file can run script on Parley's origin.
 */
public final class FileHttp {
    /** What a browser may do with a file opened on Parley's origin: show it, run nothing. */
    static final String CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

    private final FileService files;
    private final Authenticator auth;
    private final RateLimiter uploadLimiter;

    public FileHttp(FileService files, Authenticator auth, RateLimiter uploadLimiter) {
        this.files = files;
        this.auth = auth;
        this.uploadLimiter = uploadLimiter;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/files", ctx -> upload(ctx, auth.requireAgent(ctx)));
        routes.post("/api/v1/visitor/files", ctx -> {
            var visitor = auth.requireVisitor(ctx);
            uploadLimiter.acquire("upload:" + visitor.visitorId());
            upload(ctx, visitor);
        });
        routes.get("/api/v1/files/{id}", ctx -> download(ctx, false));
        routes.get("/api/v1/files/{id}/thumbnail", ctx -> download(ctx, true));
        routes.post("/api/v1/files/{id}/link", ctx -> {
            FileService.SignedLink link = files.link(caller(ctx), ctx.pathParam("id"), false);
            ctx.json(Map.of("url", link.url(), "expires_at", link.expiresAt()));
        });
    }

    private void upload(Context ctx, Principal principal) throws IOException {
        StoredFile file;
        try {
            file = files.upload(principal, ctx.queryParam("name"), ctx.req().getInputStream(),
                    ctx.req().getContentLengthLong());
        } catch (ApiError e) {
            if (e.status() == 413) {
                drain(ctx.req().getInputStream());
            }
            throw e;
        }
        ctx.status(201).json(FileJson.of(file));
    }

    /** Most clients read no answer while they are still sending: the rest of a refused body is read and dropped. */
    static final long DRAIN_MAX = 32L << 20;

    private static void drain(InputStream body) {
        try {
            byte[] buffer = new byte[64 * 1024];
            long left = DRAIN_MAX;
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** Agents (cookie, API key, app token) or visitors ({@code Bearer vt_...}). */
    private Principal caller(Context ctx) {
        String authorization = ctx.header("Authorization");
        return authorization != null && authorization.startsWith("Bearer vt_") ? auth.requireVisitor(ctx)
                : auth.requireAgent(ctx);
    }

    private void download(Context ctx, boolean thumbnail) {
        String id = ctx.pathParam("id");
        FileService.Download download;
        if (ctx.queryParam("sig") != null) {
            long expires = parseExpires(ctx.queryParam("expires"));
            download = files.openSigned(id, thumbnail, expires, ctx.queryParam("sig"));
            ctx.header("Cache-Control", "private, max-age=300");
            ctx.header("Referrer-Policy", "no-referrer");
        } else {
            download = files.open(caller(ctx), id, thumbnail);
            ctx.header("Cache-Control", "private, max-age=86400");
        }
        StoredFile file = download.file();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Content-Disposition", disposition(file.isImage() ? "inline" : "attachment", file.name()));
        // Stored files are sent as they are: no compression on the fly (photos and office files are compressed already;
        // the length stays known, so a browser shows the download's progress).
        ctx.disableCompression();
        if (!thumbnail) {
            ctx.header("Content-Length", String.valueOf(file.size()));
        }
        ctx.contentType(download.contentType());
        InputStream body = download.body();
        ctx.result(body);
    }

    private static long parseExpires(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw ApiError.notFound("File");
        }
    }

    /** RFC 6266: an ASCII fallback name and the real one, percent-encoded UTF-8. */
    static String disposition(String type, String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
