package org.parley;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.parley.activity.ActivityEvent;
import org.parley.canned.CannedResponseChange;
import org.parley.contact.ContactService;
import org.parley.conversation.ConversationStatus;
import org.parley.identity.Agent;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.Role;
import org.parley.identity.VisitorPrincipal;
import org.parley.kb.KbService;
import org.parley.message.SendMessage;
import org.parley.rating.RateConversation;
import org.parley.workspace.UpdateWorkspace;
import org.parley.workspace.Workspace;

/**
 * The "Donni Charm" scarf shop every fresh install starts with, so the run command shows Parley
 * working at once. Seeded only when no workspace uses its widget key yet.
 */
final class DemoWorkspace {
    static final String NAME = "Donni Charm";
    static final String WIDGET_KEY = "wk_demo_donnicharm";
    static final String AGENT_EMAIL = "agent@donnicharm.example";
    static final String AGENT_PASSWORD = "parley-demo";
    static final String TEAMMATE_EMAIL = "sam@donnicharm.example";

    record Seeded(String workspaceId, String widgetKey) {
    }

    private DemoWorkspace() {
    }

    static Seeded seed(Wiring wiring) {
        return seed(wiring, () -> { });
    }

    /**
     * Seeds in one transaction (Database.writeAll): a stop or a failure midway leaves no half-seeded demo
     * behind, and the next start seeds it whole. {@code midway} runs between the team and the sample
     * conversations (tests make it fail there).
     */
    static Seeded seed(Wiring wiring, Runnable midway) {
        var existing = wiring.workspaces.findByWidgetKey(WIDGET_KEY);
        if (existing.isPresent()) {
            return new Seeded(existing.get().id(), WIDGET_KEY);
        }
        String[] workspaceId = new String[1];
        wiring.database.writeAll("demo", () -> {
            Workspace ws = wiring.workspaces.create(NAME, List.of(wiring.config.baseUrl(), "http://localhost:8080",
                    "http://127.0.0.1:8080"), WIDGET_KEY);
            wiring.workspaces.update(ws.id(), new UpdateWorkspace(null, null, "#8a3b5c", "right", "Questions? Chat with us",
                    "Hi! Looking for the perfect scarf? Ask us anything about sizes, materials or delivery.",
                    "under an hour", 12));
            Agent donni = wiring.agents.create(ws.id(), AGENT_EMAIL, "Donni", AGENT_PASSWORD, Role.OWNER);
            Agent sam = wiring.agents.create(ws.id(), TEAMMATE_EMAIL, "Sam", AGENT_PASSWORD, Role.AGENT);
            midway.run();
            seedInbox(wiring, ws.id(), donni, sam);
            seedRatings(wiring, ws.id(), donni, sam);
            seedStylistFlow(wiring, ws.id(), donni);
            seedKnowledgeBase(wiring, ws.id(), donni);
            seedHistory(wiring, ws.id());
            workspaceId[0] = ws.id();
        });
        return new Seeded(workspaceId[0], WIDGET_KEY);
    }

    /** A few conversations, canned responses and a teammate, so the inbox shows its parts at first sign-in. */
    private static void seedInbox(Wiring wiring, String workspaceId, Agent donni, Agent sam) {
        AgentPrincipal owner = new AgentPrincipal(workspaceId, donni.id(), null, donni.name(), donni.role());
        wiring.canned.create(owner, new CannedResponseChange("shipping", "Shipping times",
                "We ship within one working day; delivery takes 2-4 days in Europe."));
        wiring.canned.create(owner, new CannedResponseChange("returns", "Returns",
                "You can return any scarf within 30 days, unworn, for a full refund. Start here: https://donnicharm.example/returns"));
        wiring.canned.create(owner, new CannedResponseChange("sizes", "Scarf sizes",
                "Our classic scarf is 180 x 30 cm; the snood is 60 cm around."));

        VisitorPrincipal lena = visitor(wiring, workspaceId, "/demo/silk-scarf", "Silk scarf", IPHONE);
        wiring.contacts.update(workspaceId, lena.contactId(), new ContactService.ContactChange("Lena Fischer",
                "lena@example.com", Map.of("plan", "loyalty", "orders", 3)));
        String first = wiring.conversations.create(lena).id();
        send(wiring, lena, first, "Hi! Is the silk scarf in the photos the ruby or the wine colour?");

        VisitorPrincipal tom = visitor(wiring, workspaceId, "/demo/wool-snood", "Wool snood", DESKTOP);
        String second = wiring.conversations.create(tom).id();
        send(wiring, tom, second, "Hello, do you ship to Canada?");
        send(wiring, owner, second, "Yes! Canada takes 5-8 working days, tracked.");
        send(wiring, tom, second, "Great, and is there customs duty?");
        wiring.conversations.assign(owner, second, sam.id());
        send(wiring, owner, second, "@Sam can you check the customs rules for Canada?", true);

        VisitorPrincipal ines = visitor(wiring, workspaceId, "/demo", "Donni Charm", DESKTOP);
        String third = wiring.conversations.create(ines).id();
        send(wiring, ines, third, "Can I still change the address of order 1042?");
        send(wiring, owner, third, "Done, it goes to the new address.");
        send(wiring, ines, third, "Thank you!");
        wiring.conversations.changeStatus(owner, third, ConversationStatus.RESOLVED, null);
        wiring.ratings.rate(ines, third, new RateConversation(5, "Super quick, thank you!"));
    }

    /** Two more resolved conversations with their ratings (CSAT), so the reports have a mix to show. */
    private static void seedRatings(Wiring wiring, String workspaceId, Agent donni, Agent sam) {
        AgentPrincipal owner = new AgentPrincipal(workspaceId, donni.id(), null, donni.name(), donni.role());
        AgentPrincipal teammate = new AgentPrincipal(workspaceId, sam.id(), null, sam.name(), sam.role());
        VisitorPrincipal mia = visitor(wiring, workspaceId, "/demo", "Donni Charm", IPHONE);
        String wrap = wiring.conversations.create(mia).id();
        send(wiring, mia, wrap, "Do you gift-wrap? It's a birthday present.");
        send(wiring, teammate, wrap, "We do, for free: add a note at checkout and we'll write the card by hand.");
        wiring.conversations.changeStatus(teammate, wrap, ConversationStatus.RESOLVED, null);
        wiring.ratings.rate(mia, wrap, new RateConversation(4, null));

        VisitorPrincipal olaf = visitor(wiring, workspaceId, "/demo/wool-snood", "Wool snood", DESKTOP);
        String pulled = wiring.conversations.create(olaf).id();
        send(wiring, olaf, pulled, "My snood arrived with a pulled thread.");
        send(wiring, owner, pulled, "So sorry! A new one is on its way; keep the first one.");
        wiring.conversations.changeStatus(owner, pulled, ConversationStatus.RESOLVED, null);
        wiring.ratings.rate(olaf, pulled, new RateConversation(2, "Fixed in the end, but it took three days to get an answer."));
    }

    /** A few published articles (docs/kb.md), so a flow's answer step has something to suggest at first start. */
    private static void seedKnowledgeBase(Wiring wiring, String workspaceId, Agent donni) {
        AgentPrincipal owner = new AgentPrincipal(workspaceId, donni.id(), null, donni.name(), donni.role());
        List.of(new KbService.Change("Caring for your silk scarf", """
                        Silk loves gentle care:

                        - **Hand wash** in cold water with a drop of mild soap or silk shampoo.
                        - Never wring or twist it: roll it in a towel to take the water out.
                        - Dry it **flat**, away from the sun and radiators.
                        - Iron on the silk setting, on the reverse, while it is still slightly damp.
                        """, "en", true),
                new KbService.Change("Returns and refunds", """
                        You can return any scarf within **30 days**, unworn and with its label, for a full refund.

                        1. Start your return on [our returns page](https://donnicharm.example/returns).
                        2. Pack the scarf and drop the parcel at any post office; returns are free in Europe.
                        3. The refund reaches your card within 5 working days of the parcel arriving.
                        """, "en", true),
                new KbService.Change("Delivery times", """
                        We ship within **one working day**.

                        | Destination | Delivery |
                        |---|---|
                        | Europe | 2-4 working days |
                        | UK, Switzerland | 3-5 working days |
                        | Canada, USA | 5-8 working days, tracked |

                        Express shipping (next day in Europe) can be chosen at checkout.
                        """, "en", true),
                new KbService.Change("Scarf sizes", """
                        - **Classic scarf**: 180 x 30 cm, long enough to wrap twice.
                        - **Square silk scarf**: 90 x 90 cm, for the neck, the hair or a bag.
                        - **Snood**: 60 cm around, one size fits all.
                        """, "en", true),
                new KbService.Change("Entretien de votre foulard en soie", """
                        Lavez votre foulard **à la main**, à l'eau froide, avec un savon doux. Ne le tordez jamais :
                        roulez-le dans une serviette, puis séchez-le à plat, loin du soleil. Repassez-le sur l'envers,
                        position soie.
                        """, "fr", true))
                .forEach(article -> wiring.kb.create(owner, article));
    }

    /**
     * The stylist flow (docs/bots.md): greeting, style, colours, occasion, budget and email, then a stylist takes
     * over with the answers. Published after the sample conversations, which stay with the humans.
     */
    private static void seedStylistFlow(Wiring wiring, String workspaceId, Agent donni) {
        AgentPrincipal owner = new AgentPrincipal(workspaceId, donni.id(), null, donni.name(), donni.role());
        String definition;
        try (var in = DemoWorkspace.class.getResourceAsStream("/demo/stylist-flow.json")) {
            definition = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the demo's stylist flow is missing from the jar", e);
        }
        var flow = wiring.flows.create(owner, "Stylist", org.parley.http.Json.tree(definition));
        var published = wiring.flows.publish(owner, flow.id());
        if (published.version() == null) {
            throw new IllegalStateException("the demo's stylist flow is invalid: " + published.problems());
        }
    }

    /**
     * Six days of browsing by visitors who never chatted (their analytics ids only), from search, a newsletter,
     * Instagram or typed in, on phones and desktops, with a few purchases: the reports and live figures have a
     * week to show at first sign-in. Deterministic (a fixed seed), so every demo shows the same week.
     */
    private static void seedHistory(Wiring wiring, String workspaceId) {
        java.util.Random random = new java.util.Random(14);
        String base = wiring.config.baseUrl() + "/demo";
        String[] pages = {"", "/silk-scarf", "/wool-scarf", "/cashmere-wrap"};
        long day = 24 * 3_600_000L;
        long start = System.currentTimeMillis() / day * day - 6 * day;
        for (int d = 0; d < 6; d++) {
            for (int n = 0; n < 25 + random.nextInt(20); n++) {
                long at = start + d * day + (8 + random.nextInt(14)) * 3_600_000L + random.nextInt(3_600_000);
                int source = random.nextInt(4);
                String landing = base + (source == 1 ? "?utm_source=newsletter&utm_campaign=winter"
                        : source == 2 ? "?utm_source=instagram" : "");
                String referrer = source == 0 ? "https://www.google.com/" : null;
                List<ActivityEvent> events = new java.util.ArrayList<>();
                events.add(new ActivityEvent("page_view", landing, "Donni Charm", referrer, null, null, null, null, at));
                for (int p = random.nextInt(4); p > 0; p--) {
                    at += 20_000 + random.nextInt(90_000);
                    events.add(new ActivityEvent("page_view", base + pages[1 + random.nextInt(3)], "Donni Charm", base, null,
                            null, null, null, at));
                }
                if (random.nextInt(12) == 0) {
                    events.add(new ActivityEvent("track", null, null, null, null, null, "purchase",
                            Map.of("value", 49 + random.nextInt(3) * 40, "currency", "EUR"), at + 60_000));
                }
                wiring.activity.record(workspaceId, "demo-" + d + "-" + n + "-history", null, events,
                        random.nextBoolean() ? IPHONE : DESKTOP);
            }
        }
    }

    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private static VisitorPrincipal visitor(Wiring wiring, String workspaceId, String path, String title, String userAgent) {
        VisitorPrincipal visitor = wiring.visitors.start(workspaceId, null, () -> { }).principal();
        String page = wiring.config.baseUrl() + path;
        long now = System.currentTimeMillis();
        wiring.activity.record(visitor, List.of(new ActivityEvent("page_view", wiring.config.baseUrl() + "/demo", "Donni Charm",
                "https://www.google.com/", Map.of("source", "newsletter", "campaign", "autumn"), null, null, null, now - 60_000),
                new ActivityEvent("page_view", page, title, null, null, null, null, null, now - 1_000)), userAgent);
        return visitor;
    }

    private static void send(Wiring wiring, Principal sender, String conversationId, String text) {
        send(wiring, sender, conversationId, text, false);
    }

    private static void send(Wiring wiring, Principal sender, String conversationId, String text, boolean note) {
        wiring.messages.send(sender, new SendMessage(conversationId, UUID.randomUUID().toString(), text, note));
    }
}
