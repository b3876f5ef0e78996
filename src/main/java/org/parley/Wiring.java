package org.parley;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.parley.activity.ActivityHttp;
import org.parley.activity.ActivityService;
import org.parley.canned.CannedResponseHttp;
import org.parley.canned.CannedResponseService;
import org.parley.contact.ContactHttp;
import org.parley.search.SearchHttp;
import org.parley.search.SearchService;
import org.parley.config.Config;
import org.parley.demo.DemoShopHttp;
import org.parley.inbox.InboxAssets;
import org.parley.widget.WidgetAssets;
import org.parley.widget.WidgetHttp;
import org.parley.contact.ContactService;
import org.parley.conversation.ConversationHttp;
import org.parley.conversation.ConversationService;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.http.ApiError;
import org.parley.http.HttpServer;
import org.parley.http.RateLimiter;
import org.parley.identity.AgentService;
import org.parley.identity.Authenticator;
import org.parley.identity.IdentityHttp;
import org.parley.identity.PasswordHasher;
import org.parley.identity.VisitorService;
import org.parley.message.MessageHttp;
import org.parley.message.MessageService;
import org.parley.realtime.RealtimeGateway;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.workspace.WorkspaceHttp;
import org.parley.workspace.WorkspaceService;

/** The one place that constructs services, stores and subscribers (DESIGN.md section 2). */
public final class Wiring implements AutoCloseable {
    public final Config config;
    public final Database database;
    public final WorkspaceService workspaces;
    public final AgentService agents;
    public final ConversationService conversations;
    public final MessageService messages;
    public final RealtimeGateway gateway;
    public final HttpServer http;
    private final ExecutorService asyncSubscribers;

    public Wiring(Config config, Clock clock, String databaseSchema) {
        this.config = config;
        SecureRandom random = new SecureRandom();
        Ids ids = new Ids(clock, random);
        this.database = Database.open(config.databaseUrl(), databaseSchema);
        this.asyncSubscribers = Executors.newVirtualThreadPerTaskExecutor();
        EventBus bus = new EventBus(asyncSubscribers);
        EventLog eventLog = new EventLog(clock);

        this.workspaces = new WorkspaceService(database, ids, clock);
        ContactService contacts = new ContactService(database, ids, clock, eventLog, bus);
        this.agents = new AgentService(database, ids, clock, new PasswordHasher(random));
        VisitorService visitors = new VisitorService(database, ids, clock, contacts);
        this.conversations = new ConversationService(database, ids, clock, eventLog, bus, agents, contacts);
        this.messages = new MessageService(database, ids, clock, eventLog, bus, conversations);

        boolean limits = config.rateLimits();
        RateLimiter loginLimiter = new RateLimiter(clock, 0.2, 10, limits);
        RateLimiter sessionLimiter = new RateLimiter(clock, 1, 30, limits);
        RateLimiter sendLimiter = new RateLimiter(clock, 5, 20, limits);
        Authenticator auth = new Authenticator(agents, visitors, config.baseUrl());
        this.gateway = new RealtimeGateway(auth, agents, visitors, conversations, messages, eventLog, database, clock,
                sendLimiter, workspaces, config.baseUrl());

        // Subscribers: sync ones only enqueue; async ones run on virtual threads.
        bus.subscribeSync(DomainEvent.class, gateway.deliverer()::on);

        IdentityHttp identityHttp = new IdentityHttp(agents, auth, loginLimiter);
        WorkspaceHttp workspaceHttp = new WorkspaceHttp(workspaces, (ctx, needsAdmin) ->
                (needsAdmin ? auth.requireAdmin(ctx) : auth.requireAgent(ctx)).workspaceId());
        ConversationHttp conversationHttp = new ConversationHttp(conversations, auth);
        ActivityService activity = new ActivityService(database, ids, clock);
        RateLimiter beaconLimiter = new RateLimiter(clock, 2, 30, limits);
        WidgetHttp widgetHttp = new WidgetHttp(workspaces, visitors, contacts, activity, gateway, auth, beaconLimiter,
                conversations, sessionLimiter, config.baseUrl());
        WidgetAssets widgetAssets = new WidgetAssets(workspaces, config.baseUrl());
        ActivityHttp activityHttp = new ActivityHttp(activity, conversations, auth);
        DemoShopHttp demoShop = new DemoShopHttp(config.baseUrl(), DemoWorkspace.WIDGET_KEY);
        MessageHttp messageHttp = new MessageHttp(messages, conversations, auth, sendLimiter);
        ContactHttp contactHttp = new ContactHttp(contacts, ctx -> auth.requireAgent(ctx).workspaceId(),
                conversations::listForContact);
        SearchHttp searchHttp = new SearchHttp(new SearchService(database, conversations, contacts), auth);
        CannedResponseHttp cannedHttp = new CannedResponseHttp(new CannedResponseService(database, ids, clock), auth);
        OpenApi openApi = new OpenApi();

        this.http = new HttpServer(config.port(), routes -> {
            routes.get("/health", ctx -> {
                if (!database.isReachable()) {
                    throw new ApiError(503, "unavailable", "Database unreachable");
                }
                ctx.json(Map.of("status", "ok"));
            });
            routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi.document()));
            identityHttp.register(routes);
            workspaceHttp.register(routes);
            conversationHttp.register(routes);
            messageHttp.register(routes);
            widgetHttp.register(routes);
            widgetAssets.register(routes);
            activityHttp.register(routes);
            contactHttp.register(routes);
            searchHttp.register(routes);
            cannedHttp.register(routes);
            demoShop.register(routes);
            new InboxAssets().register(routes);
            gateway.register(routes);
        });
    }

    public Wiring start() {
        http.start();
        return this;
    }

    @Override
    public void close() {
        http.stop();
        gateway.close();
        asyncSubscribers.shutdown();
        database.close();
    }
}
