package org.parley.message;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationJson;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.http.Query;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Authenticator;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;

/** Message routes for both audiences, and starting a conversation (it may carry the first message). */
public final class MessageHttp {
    record VisitorSendBody(String clientMsgId, String text, String payload, List<String> attachments) {
    }

    record AgentSendBody(String clientMsgId, String text,
                         @com.fasterxml.jackson.annotation.JsonProperty("private") Boolean isPrivate,
                         List<String> mentions, com.fasterxml.jackson.databind.JsonNode content, List<String> attachments) {
    }

    record NoteBody(String clientMsgId, String text, List<String> mentions, List<String> attachments) {
    }

    record StartBody(String clientMsgId, String text, String payload, List<String> attachments) {
        boolean hasFiles() {
            return attachments != null && !attachments.isEmpty();
        }
    }

    private final MessageService messages;
    private final ConversationService conversations;
    private final Authenticator auth;
    private final RateLimiter sendLimiter;

    /**
     * Conversation starts: per IP (one visitor session after another must not bury an inbox) and per
     * workspace (a ceiling no single source reaches alone), on top of the per-visitor send limit (issue 11).
     */
    public record StartLimits(RateLimiter perIp, RateLimiter perWorkspace) {
    }

    private final StartLimits startLimits;

    public MessageHttp(MessageService messages, ConversationService conversations, Authenticator auth, RateLimiter sendLimiter,
                       StartLimits startLimits) {
        this.startLimits = startLimits;
        this.messages = messages;
        this.conversations = conversations;
        this.auth = auth;
        this.sendLimiter = sendLimiter;
    }

    public void register(Routes routes) {
        routes.post("/api/v1/visitor/conversations", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            byte[] raw = ctx.bodyAsBytes();
            StartBody body = raw.length == 0 ? new StartBody(null, null, null, null) : Json.parse(raw, StartBody.class);
            boolean first = body.text() != null || body.hasFiles();
            if (first != (body.clientMsgId() != null)) {
                throw ApiError.badRequest("A first message needs 'client_msg_id' and 'text' (or 'attachments')");
            }
            if (first) {
                MessageService.validateContent(body.clientMsgId(), body.text() == null ? "" : body.text(), body.hasFiles());
            }
            sendLimiter.acquire("conv:" + visitor.visitorId());
            startLimits.perIp().acquire("start-ip:" + ctx.ip());
            startLimits.perWorkspace().acquire("start-ws:" + visitor.workspaceId());
            // The same first message starts one conversation however often it is sent (docs/widget.md).
            ConversationService.Started started = conversations.start(visitor, body.clientMsgId());
            Conversation conversation = started.conversation();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("conversation", ConversationJson.forVisitor(conversation));
            if (first) {
                var result = messages.send(visitor, new SendMessage(conversation.id(), body.clientMsgId(), body.text(), false,
                        List.of(), null, body.payload(), body.attachments()));
                json.put("conversation", ConversationJson.forVisitor(conversations.require(visitor, conversation.id())));
                json.put("message", MessageJson.of(result.message()));
            }
            ctx.status(started.existing() ? 200 : 201).json(json);
        });
        routes.get("/api/v1/visitor/conversations/{id}/messages", ctx ->
                ctx.json(page(auth.requireVisitor(ctx), ctx)));
        routes.post("/api/v1/visitor/conversations/{id}/messages", ctx -> {
            VisitorPrincipal visitor = auth.requireVisitor(ctx);
            VisitorSendBody body = Json.parse(ctx.bodyAsBytes(), VisitorSendBody.class);
            sendLimiter.acquire("send:" + visitor.visitorId());
            ack(ctx, messages.send(visitor, new SendMessage(ctx.pathParam("id"), body.clientMsgId(), body.text(), false,
                    List.of(), null, body.payload(), body.attachments())));
        });

        routes.get("/api/v1/conversations/{id}", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("conversation", conversations.viewForAgent(agent, ctx.pathParam("id")));
            json.putAll(page(agent, ctx));
            ctx.json(json);
        });
        routes.get("/api/v1/conversations/{id}/messages", ctx -> ctx.json(page(auth.requireAgent(ctx), ctx)));
        routes.post("/api/v1/conversations/{id}/messages", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            AgentSendBody body = Json.parse(ctx.bodyAsBytes(), AgentSendBody.class);
            boolean isPrivate = Boolean.TRUE.equals(body.isPrivate());
            ack(ctx, messages.send(agent, new SendMessage(ctx.pathParam("id"), body.clientMsgId(), body.text(), isPrivate,
                    body.mentions(), body.content(), null, body.attachments())));
        });
        routes.post("/api/v1/conversations/{id}/notes", ctx -> {
            AgentPrincipal agent = auth.requireAgent(ctx);
            NoteBody body = Json.parse(ctx.bodyAsBytes(), NoteBody.class);
            ack(ctx, messages.send(agent, new SendMessage(ctx.pathParam("id"), body.clientMsgId(), body.text(), true,
                    body.mentions(), null, null, body.attachments())));
        });
    }

    private static void ack(Context ctx, MessageService.SendResult result) {
        Message m = result.message();
        ctx.status(result.duplicate() ? 200 : 201).json(Map.of("message_id", m.id(), "conversation_id", m.conversationId(),
                "seq", m.seq(), "client_msg_id", m.clientMsgId(), "message", MessageJson.of(m)));
    }

    /**
     * A page of messages, oldest first: forward from {@code after} (has_more: newer ones follow) or backward
     * from {@code before} (the newest below it; has_more: older ones exist).
     */
    private Map<String, Object> page(Principal principal, Context ctx) {
        if (ctx.queryParam("after") != null && ctx.queryParam("before") != null) {
            throw ApiError.badRequest("Use either 'after' or 'before', not both");
        }
        int limit = (int) Query.number(ctx, "limit", 1, MessageService.MAX_PAGE, 100);
        if (ctx.queryParam("before") != null) {
            long before = Query.number(ctx, "before", 1, Long.MAX_VALUE, 1);
            List<Message> list = messages.listBefore(principal, ctx.pathParam("id"), before, limit + 1);
            boolean hasMore = list.size() > limit;
            List<MessageJson> page = list.stream().skip(hasMore ? 1 : 0).map(MessageJson::of).toList();
            return Map.of("messages", page, "has_more", hasMore);
        }
        long after = Query.number(ctx, "after", 0, Long.MAX_VALUE, 0);
        List<Message> list = messages.list(principal, ctx.pathParam("id"), after, limit + 1);
        boolean hasMore = list.size() > limit;
        List<MessageJson> page = list.stream().limit(limit).map(MessageJson::of).toList();
        return Map.of("messages", page, "has_more", hasMore);
    }
}
