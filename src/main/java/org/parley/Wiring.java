package org.parley;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.activity.ActivityHttp;
import org.parley.activity.ActivityRecorded;
import org.parley.analytics.*;
import org.parley.activity.ActivityService;
import org.parley.canned.CannedResponseHttp;
import org.parley.canned.CannedResponseService;
import org.parley.contact.ContactHttp;
import org.parley.customer.*;
import org.parley.search.*;
import org.parley.config.Config;
import org.parley.demo.DemoShopHttp;
import org.parley.instance.*;
import org.parley.live.*;
import org.parley.inbox.InboxAssets;
import org.parley.widget.WidgetAssets;
import org.parley.widget.WidgetHttp;
import org.parley.contact.ContactService;
import org.parley.conversation.ConversationHttp;
import org.parley.conversation.ConversationService;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventBus;
import org.parley.eventbus.EventLog;
import org.parley.http.HttpServer;
import org.parley.http.RateLimiter;
import org.parley.http.Routes;
import org.parley.identity.*;
import org.parley.mail.LogMailer;
import org.parley.mail.Mailer;
import org.parley.mail.SmtpMailer;
import org.parley.message.MessageHttp;
import org.parley.message.MessageService;
import org.parley.message.SystemMessageRecorder;
import org.parley.app.*;
import org.parley.bot.*;
import org.parley.conversation.ThreadOwnership;
import org.parley.message.MessageEvent;
import org.parley.message.SenderType;
import org.parley.metrics.*;
import org.parley.notify.*;
import org.parley.outbound.UrlGuard;
import org.parley.push.*;
import org.parley.rating.RatingHttp;
import org.parley.rating.RatingService;
import org.parley.privacy.ContactDeleted;
import org.parley.privacy.PrivacyHttp;
import org.parley.privacy.PrivacyService;
import org.parley.realtime.ConnectionLimits;
import org.parley.realtime.RealtimeGateway;
import org.parley.file.*;
import org.parley.retention.Pruner;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.workspace.WorkspaceHttp;
import org.parley.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that constructs services, stores and subscribers (DESIGN.md section 2). */
public final class Wiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Wiring.class);
    public final Config config;
    public final Database database;
    public final EventBus bus; // for tests that watch what is published
    public final WorkspaceService workspaces;
    public final AgentService agents;
    public final PasswordResetService resets;
    private final SetupService setup;
    public final FileService files;
    public final FileStore fileStore;
    /** Deletes the bytes of deleted, retired and abandoned files (docs/files.md). */
    public final FileJanitor fileJanitor;
    /** Deletes expired and old rows on a schedule (retention.Pruner, docs/operations.md). */
    public final Pruner pruner;
    /** Keeps the report rollups up to date (analytics.RollupJob, docs/analytics.md). */
    public final RollupJob rollups;
    public final ConversationService conversations;
    public final MessageService messages;
    /** Runs flows in their conversations (docs/bots.md); wakeDue is public for tests on a moved clock. */
    public final FlowRunner flowRunner;
    public final FlowService flows;
    public final AppWatch appWatch; // tests run its sweep on a moved clock
    public final RealtimeGateway gateway;
    public final HttpServer http;
    public final Mailer mailer;
    private final SearchIndexer searchIndexer;
    public final VisitorService visitors;
    public final ActivityService activity;
    /** Live visitors (docs/analytics.md); sweep is public for tests on a moved clock. */
    public final LiveVisitorService live;
    public final ContactService contacts;
    public final CannedResponseService canned;
    public final org.parley.kb.KbService kb;
    /** CSAT: visitors rate resolved conversations (docs/events.md conversation.rated). */
    public final RatingService ratings;
    public final CustomerService customers;
    /** Continue links for notification emails (docs/follow-up.md): passed to the notify feature. */
    public final CustomerLinks continueLinks;
    public final NotificationService notifications;
    /** The reply-by-email SMTP listener; null unless PARLEY_SMTP_LISTEN_PORT is set. */
    private final InboundSmtpListener smtpListener;
    /** Web push; implements notify.PushChannel for the notifier (docs/follow-up.md). */
    public final WebPushChannel push;
    public final org.parley.webhook.WebhookDeliverer webhooks; // outgoing webhooks (docs/webhooks.md)
    private final ExecutorService asyncSubscribers;
    /** Operator metrics (docs/operations.md); served at /metrics with the token, or on PARLEY_METRICS_PORT. */
    public final Metrics metrics = new Metrics();
    private MetricsListener metricsListener;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Reopens conversations whose snooze has ended; one daemon thread, started by start(). */
    private final ScheduledExecutorService snoozeWaker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("snooze-waker").daemon().factory());

    /** Outbound requests resolve host names with the system resolver (tests give one of their own). */
    public Wiring(Config config, Clock clock, String databaseSchema) {
        this(config, clock, databaseSchema, java.net.InetAddress::getAllByName);
    }

    public Wiring(Config config, Clock clock, String databaseSchema, UrlGuard.Resolver resolver) {
        this.config = config;
        SecureRandom random = new SecureRandom();
        Ids ids = new Ids(clock, random);
        this.database = Database.open(config.databaseUrl(), databaseSchema);
        this.asyncSubscribers = Executors.newVirtualThreadPerTaskExecutor();
        EventBus bus = this.bus = new EventBus(asyncSubscribers);
        EventLog eventLog = new EventLog(clock);
        database.observe(metrics);
        metrics.gauge("parley.write.pending", "Writes queued or committing, not yet published", database::pendingWrites);
        metrics.gauge("parley.eventbus.async.pending", "Deliveries to async subscribers queued or running", bus::pendingAsync);

        this.workspaces = new WorkspaceService(database, ids, clock);
        this.contacts = new ContactService(database, ids, clock, eventLog, bus);
        Presence presence = new Presence();
        PasswordHasher hasher = new PasswordHasher(random);
        this.agents = new AgentService(database, ids, clock, hasher, eventLog, bus, presence);
        this.mailer = config.smtpUrl() != null ? new SmtpMailer(config.smtpUrl(), config.mailFrom()) : new LogMailer();
        this.resets = new PasswordResetService(database, ids, clock, hasher, bus, mailer,
                asyncSubscribers, config.baseUrl());
        InvitationService invitations = new InvitationService(database, ids, clock, hasher, agents, mailer,
                asyncSubscribers, config.baseUrl(), id -> workspaces.require(id).name());
        this.visitors = new VisitorService(database, ids, clock, contacts);
        // Bots (docs/bots.md, docs/apps.md): flows, then the primary receiver app, own threads through ThreadControl.
        FlowThreads flowThreads = new FlowThreads(database, clock, workspaces,
                kb = new org.parley.kb.KbService(database, ids, clock, config.baseUrl()));
        AppThreads threads = new AppThreads(flowThreads, database);
        SystemMessageRecorder systemMessages = new SystemMessageRecorder(ids, eventLog);
        this.conversations = new ConversationService(database, ids, clock, eventLog, bus, agents, contacts,
                systemMessages, threads);
        ThreadOwnership ownership = new ThreadOwnership(database, clock, conversations, agents, threads, systemMessages);
        // Files (docs/files.md): the store, then the service the message path attaches uploads through.
        this.fileStore = FileStores.open(config.files(), config.dataDir());
        this.files = FileService.create(database, ids, clock, random, fileStore, FileStores.limits(config.files()),
                config.dataDir().resolve("uploads"), conversations, config.baseUrl());
        this.fileJanitor = new FileJanitor(database, fileStore, clock, files.limits());
        this.messages = new MessageService(database, ids, clock, eventLog, bus, conversations, agents, ownership, files);
        this.flowRunner = new FlowRunner(database, clock, flowThreads, conversations, ownership, messages, contacts);
        this.flows = new FlowService(database, ids, clock, agents, flowThreads);
        boolean limits = config.rateLimits();
        RateLimiter loginLimiter = new RateLimiter(clock, 0.2, 10, limits);
        RateLimiter sessionLimiter = new RateLimiter(clock, 1, 30, limits);
        RateLimiter sendLimiter = new RateLimiter(clock, 5, 20, limits);
        // One URL guard for every outbound request (DESIGN.md 4b, docs/outbound.md); a bad allow-list entry stops the start.
        UrlGuard outbound = UrlGuard.create(config.outboundAllow(), resolver);
        this.webhooks = new org.parley.webhook.WebhookDeliverer(database, ids, clock, random, outbound, eventLog, conversations,
                agents, mailer, config.baseUrl(), config.webhookRetrySchedule());
        AppService apps = new AppService(database, ids, clock, new org.parley.webhook.AppWebhookPort(webhooks.service()), ownership);
        Authenticator auth = new Authenticator(agents, visitors, config.baseUrl(), apps::authenticate);
        this.gateway = new RealtimeGateway(auth, agents, visitors, conversations, messages, eventLog, database, clock,
                sendLimiter, workspaces, config.baseUrl(), presence,
                new ConnectionLimits(limits, config.socketsPerIp()));
        // Notifications (docs/notifications.md): web push from package push, presence from the realtime gateway.
        // Continue links: single-use sign-in links to the conversation at /me (package customer).
        PushSubscriptionService pushSubscriptions = new PushSubscriptionService(database, ids, clock, outbound);
        this.push = new WebPushChannel(database, pushSubscriptions, clock, random, config.vapidSubject(), outbound);
        this.continueLinks = new CustomerLinks(database, ids, clock, mailer, asyncSubscribers, config.baseUrl());
        VisitorPresence visitorPresence = VisitorPresence.of(gateway::isVisitorPresent, gateway::visitorLeftAt);
        this.notifications = new NotificationService(database, ids, clock, random,
                new NotificationService.Settings(config.baseUrl(), config.replyDomain(), config.pushDelay(), config.emailDelay()),
                conversations, messages, contacts, workspaces, mailer, push, continueLinks, visitorPresence, eventLog, bus, files);
        this.smtpListener = config.smtpListenPort() == null ? null : new InboundSmtpListener(notifications.inbound(),
                config.smtpListenHost(), config.smtpListenPort(), config.replyDomain());
        // Subscribers: sync ones only enqueue; async ones run on virtual threads.
        bus.subscribeSync(DomainEvent.class, gateway.deliverer()::on);
        bus.subscribeSync(MessageEvent.MessageSent.class, e -> metrics.messageSent(e.message().senderType().wire()));
        metrics.messageSenders(java.util.Arrays.stream(SenderType.values()).map(SenderType::wire).toList());
        bus.subscribeAsync(MessageEvent.MessageSent.class, notifications.notifier()::on);
        bus.subscribeAsync(DomainEvent.class, flowRunner::on);
        bus.subscribeAsync(DomainEvent.class, webhooks::on);
        bus.subscribeAsync(AgentEvent.SessionsEnded.class, e -> gateway.revalidateAgent(e.workspaceId(), e.agentId()));
        bus.subscribeSync(AgentEvent.ApiKeyRevoked.class, e -> gateway.apiKeyRevoked(e.workspaceId(), e.apiKeyId()));
        presence.listen(gateway::presenceChanged);
        for (String kind : List.of("visitor", "agent", "unauthenticated")) {
            metrics.gauge("parley.websocket.connections", "Open WebSockets on this node",
                    () -> gateway.connectionCount(kind), "kind", kind);
        }
        metrics.cachedGauges("parley.notification.jobs", "Notification jobs by state (all workspaces)", "state",
                List.of("pending", "sending", "failed"), notifications::countOpenJobs, Duration.ofSeconds(5));

        // Per account: 10 attempts at once, then one every 30 s, from any number of addresses.
        IdentityHttp identityHttp = new IdentityHttp(agents, new ApiKeyService(database, ids, clock, bus), resets, presence,
                auth, loginLimiter,
                new RateLimiter(clock, 1 / 30.0, 10, limits), config.signup() != Config.Signup.CLOSED);
        TeamHttp teamHttp = new TeamHttp(agents, invitations, presence, auth, loginLimiter);
        WorkspaceHttp workspaceHttp = new WorkspaceHttp(workspaces, (ctx, needsAdmin) ->
                (needsAdmin ? auth.requireAdmin(ctx) : auth.requireAgent(ctx)).workspaceId());
        ConversationHttp conversationHttp = new ConversationHttp(conversations, auth);
        this.ratings = new RatingService(database, clock, eventLog, bus, conversations);
        RatingHttp ratingHttp = new RatingHttp(ratings, auth);
        this.activity = new ActivityService(database, ids, clock, bus);
        RateLimiter beaconLimiter = new RateLimiter(clock, 2, 30, limits);
        CustomerQueries customerQueries = new CustomerQueries(database);
        this.customers = new CustomerService(database, ids, clock, bus, contacts, visitors, customerQueries);
        SignedIdentityService signedIdentity = new SignedIdentityService(database, bus, workspaces, contacts, customers);
        bus.subscribeSync(SignedIdentityService.VisitorsMoved.class, e -> gateway.closeContactSockets(e.fromContactId()));
        CustomerHttp customerHttp = new CustomerHttp(customers, continueLinks, customerQueries, auth,
                new RateLimiter(clock, 0.1, 5, limits), new RateLimiter(clock, 0.2, 10, limits),
                new RateLimiter(clock, 1 / 300.0, 3, limits), config.baseUrl()); // per email: 3, then one per 5 min
        WidgetHttp widgetHttp = new WidgetHttp(workspaces, visitors, contacts, activity, gateway, auth, beaconLimiter,
                conversations, sessionLimiter, config.baseUrl(), signedIdentity, flows::widgetTriggers);
        WidgetAssets widgetAssets = new WidgetAssets(workspaces, config.baseUrl());
        ActivityHttp activityHttp = new ActivityHttp(activity, conversations, auth);
        // Live visitors: the in-process registry (one node); proactive starts at most 30 at once per workspace, then one per 2 s.
        this.live = new LiveVisitorService(new InProcessLiveVisitors(clock, new ActivityHistory(database),
                () -> ids.newToken("lv_"), InProcessLiveVisitors.MAX_PER_WORKSPACE), visitors, conversations, messages,
                gateway::toAgents, gateway::isVisitorPresent, new RateLimiter(clock, 0.5, 30, limits));
        bus.subscribeAsync(org.parley.activity.ActivityRecorded.class, live::on);
        bus.subscribeSync(org.parley.conversation.ConversationEvent.class, live::on);
        LiveHttp liveHttp = new LiveHttp(live, conversations, visitors, auth, widgetHttp::requireWorkspace,
                new RateLimiter(clock, 2, 60, limits));
        DemoShopHttp demoShop = new DemoShopHttp(config.baseUrl(), DemoWorkspace.WIDGET_KEY, config.demoShop() == Config.DemoShop.ANY);
        // Conversation starts: 10 at once per IP, then one every 30 s; 200 at once per workspace, then 2 a second.
        MessageHttp messageHttp = new MessageHttp(messages, conversations, auth, sendLimiter, new MessageHttp.StartLimits(
                new RateLimiter(clock, 1 / 30.0, 10, limits), new RateLimiter(clock, 2, 200, limits)));
        ContactHttp contactHttp = new ContactHttp(contacts, ctx -> auth.requireAgent(ctx).workspaceId(),
                conversations::listForContact);
        // A contact's export and deletion (docs/privacy.md); a deleted contact's widget sockets close.
        PrivacyHttp privacyHttp = new PrivacyHttp(new PrivacyService(database, ids, clock, eventLog, bus), auth,
                files::openForExport);
        bus.subscribeSync(ContactDeleted.class, e -> gateway.closeContactSockets(e.contactId()));
        this.searchIndexer = new SearchIndexer(database);
        SearchHttp searchHttp = new SearchHttp(new SearchService(database, conversations, contacts, searchIndexer), auth);
        this.canned = new CannedResponseService(database, ids, clock);
        CannedResponseHttp cannedHttp = new CannedResponseHttp(canned, auth);
        NotifyHttp notifyHttp = new NotifyHttp(notifications, auth, clock, config.inboundSecret());
        PushHttp pushHttp = new PushHttp(push, pushSubscriptions, auth, new RateLimiter(clock, 0.2, 10, limits));
        ReachHttp reachHttp = new ReachHttp(new ReachQueries(database, visitorPresence), auth);
        this.pruner = new Pruner(database, clock, config.retention());
        ReportSettings reportSettings = new ReportSettings(database);
        this.rollups = new RollupJob(database, workspaces, reportSettings, clock);
        bus.subscribeSync(ActivityRecorded.class, rollups::onActivity);
        bus.subscribeSync(DomainEvent.class, rollups::onEvent);
        ReportHttp reportHttp = new ReportHttp(new ReportService(database, rollups, workspaces), reportSettings, auth);
        this.setup = new SetupService(database, workspaces, agents, ids, config.baseUrl());
        SignupHttp signupHttp = new SignupHttp(new SignupService(database, ids, clock, workspaces, agents, mailer,
                asyncSubscribers, config.baseUrl(), config.signup()), agents, auth, new RateLimiter(clock, 0.2, 10, limits),
                new RateLimiter(clock, 1 / 300.0, 3, limits));
        InstanceHttp instanceHttp = new InstanceHttp(setup,
                workspaces, agents, auth, database, new RateLimiter(clock, 0.2, 10, limits), config.signup(),
                gateway::closeWorkspace, config.baseUrl());
        MetricsHttp metricsHttp = new MetricsHttp(metrics, config.metricsToken());
        FlowHttp flowHttp = new FlowHttp(flows, new FlowStats(database), ownership, workspaces, auth, clock);
        AppHttp appHttp = new AppHttp(apps, ownership, auth, gateway::typing, conversations);
        this.appWatch = new AppWatch(database, clock, conversations, ownership);
        bus.subscribeAsync(MessageEvent.MessageSent.class, appWatch::on);

        this.http = new HttpServer(config.port(), routes -> {
            ServerRoutes.register(routes, database, mailer, config.devOutbox(), new OpenApi()::document);
            // In this order: reach before conversations (/conversations/reach is no conversation id); the demo shop
            // only with the demo (or for development). TODO(issue 5): customer.CustomerAssets will serve /me.
            List.<java.util.function.Consumer<Routes>>of(metricsHttp::register, identityHttp::register,
                    instanceHttp::register, signupHttp::register, teamHttp::register, workspaceHttp::register,
                    reachHttp::register, conversationHttp::register, ratingHttp::register, flowHttp::register, appHttp::register,
                    messageHttp::register, widgetHttp::register, widgetAssets::register, activityHttp::register,
                    reportHttp::register, liveHttp::register, contactHttp::register, privacyHttp::register,
                    searchHttp::register, cannedHttp::register, notifyHttp::register, pushHttp::register,
                    new org.parley.kb.KbHttp(kb, auth)::register,
                    new FileHttp(files, auth, new RateLimiter(clock, 1, 20, limits))::register,
                    new org.parley.webhook.WebhookHttp(webhooks.service(), auth)::register,
                    new PushAssets()::register, config.demoShop() != Config.DemoShop.OFF ? demoShop::register : r -> { },
                    new InboxAssets()::register, customerHttp::register, new CustomerAssets()::register, gateway::register)
                    .forEach(feature -> feature.accept(routes));
        });
        http.requestLogger(new HttpMetrics(metrics));
    }

    public Wiring start() {
        setup.announce(); // only a serving node prints a setup token, never the admin commands
        http.start();
        // wakeSnoozed never throws, so the schedule never stops on a failure.
        snoozeWaker.scheduleWithFixedDelay(conversations::wakeSnoozed, 5, 5, TimeUnit.SECONDS);
        // Flow timers (waits, unanswered questions) and fresh runs a crash left behind; wakeDue never throws.
        snoozeWaker.scheduleWithFixedDelay(flowRunner::wakeDue, 1, 1, TimeUnit.SECONDS);
        snoozeWaker.execute(flowRunner::recover); // answers a crash left untaken (docs/bots.md)
        snoozeWaker.scheduleWithFixedDelay(live::sweep, 1, 1, TimeUnit.SECONDS); // never throws
        snoozeWaker.scheduleWithFixedDelay(appWatch::sweep, 5, 5, TimeUnit.SECONDS); // never throws
        notifications.worker().start();
        webhooks.start();
        searchIndexer.start();
        pruner.start();
        fileJanitor.start(Duration.ofMinutes(1));
        rollups.start();
        if (smtpListener != null) {
            smtpListener.start();
        }
        if (config.metricsPort() != null) {
            metricsListener = new MetricsListener(metrics, config.metricsToken(), config.metricsHost(), config.metricsPort()).start();
        }
        return this;
    }

    /** The port of the separate metrics listener (PARLEY_METRICS_PORT), or null when there is none. */
    public Integer metricsPort() {
        return metricsListener == null ? null : metricsListener.port();
    }

    /**
     * The graceful stop SIGTERM runs (docs/operations.md), within PARLEY_SHUTDOWN_TIMEOUT: no new connections;
     * every socket told to reconnect now (1012); requests in progress answered; notification jobs in progress
     * finished; every queued write committed and published, as are the writes of async subscribers; then
     * everything closes. A step that runs out of time is cut short; what it left retries after the restart.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + config.shutdownTimeout().toNanos();
        snoozeWaker.shutdownNow();
        http.stopAccepting();
        gateway.closeForRestart(left(deadline, Duration.ofSeconds(2)));
        boolean complete = http.awaitRequests(left(deadline, null));
        notifications.worker().close(left(deadline, null));
        webhooks.close();
        pruner.close();
        fileJanitor.close();
        fileStore.close();
        rollups.close();
        searchIndexer.close();
        if (smtpListener != null) {
            smtpListener.close();
        }
        complete &= database.drain(left(deadline, null));
        asyncSubscribers.shutdown();
        try {
            complete &= asyncSubscribers.awaitTermination(left(deadline, null).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        complete &= database.drain(left(deadline, null)); // what the async subscribers wrote
        http.stop();
        gateway.close();
        push.close();
        if (metricsListener != null) {
            metricsListener.close();
        }
        database.close();
        metrics.close();
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (complete) {
            log.info("stopped in {} ms", ms);
        } else {
            log.warn("stopped in {} ms: the shutdown timeout ({}) cut work short", ms, config.shutdownTimeout());
        }
    }

    /** The time left until {@code deadline}, at most {@code cap} (when given), never negative. */
    private static Duration left(long deadline, Duration cap) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return cap != null && cap.compareTo(left) < 0 ? cap : left;
    }
}
