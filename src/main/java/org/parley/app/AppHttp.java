package org.parley.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationJson;
import org.parley.conversation.ThreadOwner;
import org.parley.conversation.ThreadOwnership;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;

/**
 * Routes of bot apps (docs/apps.md): their admin screens' CRUD, and the handover protocol (pass, take, request)
 * and typing, which agents and app tokens share. The Send API is the conversation's message route.
 */
public final class AppHttp {
    /** What an app's typing indicator needs from the realtime gateway (ephemeral, at most once). */
    @FunctionalInterface
    public interface TypingSignal {
        void typing(AgentPrincipal sender, Conversation conversation, boolean typing);
    }

    record AppBody(String name, String avatarUrl, String webhookUrl, List<String> events, Boolean primaryReceiver,
                   Integer replyTimeoutSeconds) {
    }

    record PassBody(String target, String appId, String metadata) {
    }

    record MetadataBody(String metadata) {
    }

    record TypingBody(Boolean typing) {
    }

    static final int MAX_METADATA = 1000;

    private final AppService apps;
    private final ThreadOwnership ownership;
    private final Authenticator auth;
    private final TypingSignal typing;
    private final org.parley.conversation.ConversationService conversations;

    public AppHttp(AppService apps, ThreadOwnership ownership, Authenticator auth, TypingSignal typing,
                   org.parley.conversation.ConversationService conversations) {
        this.apps = apps;
        this.ownership = ownership;
        this.auth = auth;
        this.typing = typing;
        this.conversations = conversations;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/apps", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            ctx.json(Map.of("apps", apps.list(agent).stream().map(this::json).toList()));
        });
        routes.post("/api/v1/apps", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            AppService.Issued issued = apps.create(admin, settings(ctx.bodyAsBytes()));
            Map<String, Object> json = json(issued.app());
            json.put("token", issued.token());
            json.put("webhook_secret", issued.webhookSecret());
            ctx.status(201).json(json);
        });
        routes.get("/api/v1/apps/me", ctx -> {
            AgentPrincipal app = auth.requireAgent(ctx);
            if (!app.isApp()) {
                throw ApiError.badRequest("This route is for app tokens");
            }
            ctx.json(json(apps.require(app, app.appId())));
        });
        routes.get("/api/v1/apps/{id}", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            ctx.json(json(apps.require(agent, ctx.pathParam("id"))));
        });
        routes.patch("/api/v1/apps/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            ctx.json(json(apps.update(admin, ctx.pathParam("id"), settings(ctx.bodyAsBytes()))));
        });
        routes.delete("/api/v1/apps/{id}", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            apps.delete(admin, ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/api/v1/apps/{id}/token", ctx -> {
            AgentPrincipal admin = auth.requireAdmin(ctx);
            AppService.Issued issued = apps.rotateToken(admin, ctx.pathParam("id"));
            Map<String, Object> json = json(issued.app());
            json.put("token", issued.token());
            ctx.json(json);
        });

        routes.post("/api/v1/conversations/{id}/thread/pass", ctx -> {
            AgentPrincipal caller = auth.requireAgent(ctx);
            PassBody body = Json.parse(ctx.bodyAsBytes(), PassBody.class);
            String target = switch (body.target() == null ? "" : body.target()) {
                case "humans" -> {
                    if (body.appId() != null) {
                        throw ApiError.badRequest("Field 'app_id' is only for the target 'app'");
                    }
                    yield ThreadOwner.HUMANS;
                }
                case "app" -> {
                    if (body.appId() == null || body.appId().isBlank() || body.appId().length() > 100) {
                        throw ApiError.badRequest("Field 'app_id' is required for the target 'app'");
                    }
                    yield ThreadOwner.app(body.appId());
                }
                default -> throw ApiError.badRequest("Field 'target' must be 'humans' or 'app'");
            };
            respond(ctx, ownership.pass(caller, ctx.pathParam("id"), target, metadata(body.metadata())));
        });
        routes.post("/api/v1/conversations/{id}/thread/take", ctx -> {
            AgentPrincipal caller = auth.requireAgent(ctx);
            String metadata = metadata(Json.parse(ctx.bodyAsBytes(), MetadataBody.class).metadata());
            respond(ctx, caller.isApp() ? ownership.takeForApp(caller, ctx.pathParam("id"), metadata)
                    : ownership.take(caller, ctx.pathParam("id"), "agent_took"));
        });
        routes.post("/api/v1/conversations/{id}/thread/request", ctx -> {
            AgentPrincipal caller = auth.requireAgent(ctx);
            if (!caller.isApp()) {
                throw ApiError.badRequest("Agents take threads (thread/take); requests are for apps");
            }
            String metadata = metadata(Json.parse(ctx.bodyAsBytes(), MetadataBody.class).metadata());
            respond(ctx, ownership.request(caller, ctx.pathParam("id"), metadata));
        });
        routes.post("/api/v1/conversations/{id}/typing", ctx -> {
            AgentPrincipal caller = auth.requireAgent(ctx);
            TypingBody body = Json.parse(ctx.bodyAsBytes(), TypingBody.class);
            if (body.typing() == null) {
                throw ApiError.badRequest("Field 'typing' is required");
            }
            Conversation conversation = conversations.require(caller, ctx.pathParam("id"));
            if (caller.isApp() && !ThreadOwner.app(caller.appId()).equals(conversation.owner())) {
                throw new ApiError(409, "not_thread_owner", "This app does not own the conversation");
            }
            typing.typing(caller, conversation, body.typing());
            ctx.status(204);
        });
    }

    private static void respond(io.javalin.http.Context ctx, Conversation conversation) {
        ctx.json(Map.of("conversation", ConversationJson.forAgent(conversation, null, null)));
    }

    private static String metadata(String metadata) {
        if (metadata != null && metadata.length() > MAX_METADATA) {
            throw ApiError.badRequest("Field 'metadata' must be at most " + MAX_METADATA + " characters");
        }
        return metadata;
    }

    private static AppService.Settings settings(byte[] body) {
        AppBody parsed = Json.parse(body, AppBody.class);
        return new AppService.Settings(parsed.name(), parsed.avatarUrl(), parsed.webhookUrl(), parsed.events(),
                parsed.primaryReceiver(), parsed.replyTimeoutSeconds());
    }

    private Map<String, Object> json(App app) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", app.id());
        json.put("name", app.name());
        json.put("avatar_url", app.avatarUrl());
        json.put("token_prefix", app.tokenPrefix());
        json.put("primary_receiver", app.primaryReceiver());
        json.put("reply_timeout_seconds", app.replyTimeoutSeconds());
        json.put("webhook", apps.webhook(app));
        json.put("created_at", app.createdAt());
        json.put("updated_at", app.updatedAt());
        return json;
    }
}
