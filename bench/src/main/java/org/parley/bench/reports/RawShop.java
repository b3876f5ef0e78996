package org.parley.bench.reports;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the raw rows of a busy shop straight into the server's database (JDBC, batched): per day
 * {@code visitors} browsers with about three page views each (sources, campaigns, devices, 35 pages), 2% of
 * them chat (a contact, a visitor, a conversation with replies, reply reach, a rating for 30% of the resolved
 * ones, a flow for some), 1% buy. Rows are what the server itself writes (the columns the rollups read),
 * deterministic for a seed. Times are spread over each UTC day with a daytime peak, in {@code [start, end)}.
 */
final class RawShop {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    private static final String SHOP = "https://shop.example";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Mobile Safari/537.36";
    private static final String IPAD = "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/18.1 Mobile/15E148 Safari/604.1";
    private static final String DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    private static final String MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/18.1 Safari/605.1.15";
    private static final int BATCH = 2_000;
    /** Relative traffic per UTC hour of the day. */
    private static final double[] HOURS = {2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 9, 9, 8, 8, 8, 9, 10, 10, 9, 7, 5, 3};

    private static final String CONTACT = "INSERT INTO contacts (id, workspace_id, attributes, created_at, updated_at) "
            + "VALUES (?, ?, '{}', ?, ?)";
    private static final String VISITOR = "INSERT INTO visitors (id, workspace_id, contact_id, token_hash, created_at, "
            + "last_seen_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String PAGE_VIEW = "INSERT INTO visitor_activity (id, workspace_id, visitor_id, anon_id, kind, url, "
            + "referrer, utm, ref, user_agent, occurred_at, received_at) VALUES (?, ?, ?, ?, 'page_view', ?, ?, ?, ?, ?, ?, ?)";
    private static final String PURCHASE = "INSERT INTO visitor_activity (id, workspace_id, visitor_id, anon_id, kind, url, "
            + "name, props, user_agent, occurred_at, received_at) VALUES (?, ?, ?, ?, 'track', ?, 'purchase', ?, ?, ?, ?)";

    private final String ws;
    private final Random random;
    private final List<String> agents;
    private final List<String> flows;
    private final Batches batches;
    private long ids;
    final long[] counts = new long[8];

    RawShop(java.sql.Connection c, String ws, long seed, List<String> agents, List<String> flows) throws SQLException {
        this.ws = ws;
        this.random = new Random(seed);
        this.agents = agents;
        this.flows = flows;
        this.batches = new Batches(c, BATCH);
        batches.declare(CONTACT, VISITOR, PAGE_VIEW, PURCHASE, Conversations.CONVERSATION, Conversations.FLOW_RUN,
                Conversations.MESSAGE, Conversations.REACH, Conversations.RATING);
    }

    /** One browser's visit: its page views, maybe a conversation, maybe a purchase. */
    void visit(long at) throws SQLException {
        String anon = "anon_" + Long.toString(++ids, 36) + "_" + Integer.toString(random.nextInt(1 << 20), 36);
        String ua = userAgent();
        int pages = 1 + random.nextInt(4) + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0); // 3 on average
        String landing = landing();
        String[] source = source();
        boolean chats = random.nextInt(50) == 0;
        String visitor = null;
        String contact = null;
        if (chats) {
            contact = id("ct");
            visitor = id("vi");
            batches.add(CONTACT, contact, ws, at, at);
            batches.add(VISITOR, visitor, ws, contact, "bench-" + visitor, at, at);
            counts[1]++;
        }
        String previous = null;
        long t = at;
        long conversationAt = -1;
        for (int p = 0; p < pages; p++) {
            String url = p == 0 ? landing + (source[1] == null ? "" : "?utm_source=" + source[0] + "&utm_campaign=" + source[1])
                    : SHOP + page();
            String referrer = p == 0 ? source[2] : previous;
            String utm = p == 0 && source[1] != null
                    ? "{\"source\":\"" + source[0] + "\",\"campaign\":\"" + source[1] + "\"}" : null;
            batches.add(PAGE_VIEW, id("ac"), ws, visitor, anon, url, referrer, utm, p == 0 && random.nextInt(30) == 0 ? "partner" : null,
                    ua, t, t);
            counts[0]++;
            if (chats && p == Math.min(1, pages - 1)) {
                conversationAt = t + 5_000 + random.nextInt(60_000);
            }
            previous = url;
            t += 20_000 + random.nextInt(120_000);
        }
        if (chats) {
            t = Math.max(t, conversationAt + 60_000);
            Conversations.write(this, contact, visitor, conversationAt);
        }
        if (random.nextInt(chats ? 8 : 100) == 0) {
            String currency = random.nextInt(10) == 0 ? "USD" : "EUR";
            batches.add(PURCHASE, id("ac"), ws, visitor, anon, SHOP + "/thanks", "{\"value\":" + (15 + random.nextInt(185)) + ".90,\"currency\":\""
                            + currency + "\"}", ua, t, t);
            counts[0]++;
            counts[7]++;
        }
    }

    /** A time in the day starting at {@code day}, weighted by {@link #HOURS}. */
    long timeIn(long day) {
        double total = 0;
        for (double h : HOURS) {
            total += h;
        }
        double pick = random.nextDouble() * total;
        int hour = 0;
        while (hour < 23 && pick >= HOURS[hour]) {
            pick -= HOURS[hour++];
        }
        return day + hour * HOUR + random.nextInt((int) HOUR);
    }

    void flush() throws SQLException {
        batches.flush();
    }

    Random random() {
        return random;
    }

    String ws() {
        return ws;
    }

    Batches batches() {
        return batches;
    }

    String agent() {
        return agents.get(Math.min(agents.size() - 1, (int) Math.floor(Math.pow(random.nextDouble(), 1.5) * agents.size())));
    }

    String flow() {
        return flows.get(random.nextInt(flows.size()));
    }

    String id(String prefix) {
        return prefix + "_" + Long.toString(++ids, 36) + Integer.toString(random.nextInt(1 << 24), 36);
    }

    private String userAgent() {
        int r = random.nextInt(100);
        return r < 35 ? IPHONE : r < 58 ? ANDROID : r < 63 ? IPAD : r < 88 ? DESKTOP : MAC;
    }

    private String landing() {
        int r = random.nextInt(100);
        return SHOP + (r < 30 ? "/" : r < 40 ? "/sale" : r < 45 ? "/blog/care-guide" : page());
    }

    /** 30 product pages (a few popular ones), the cart, checkout, search, help. */
    private String page() {
        int r = random.nextInt(100);
        if (r < 8) {
            return "/cart";
        }
        if (r < 11) {
            return "/checkout";
        }
        if (r < 16) {
            return "/search";
        }
        if (r < 18) {
            return "/help/shipping";
        }
        return "/products/" + (1 + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 30));
    }

    /** {utm_source, utm_campaign, referrer} of a landing. */
    private String[] source() {
        int r = random.nextInt(100);
        if (r < 35) {
            return new String[] {null, null, null};
        }
        if (r < 60) {
            return new String[] {null, null, "https://www.google.com/"};
        }
        if (r < 67) {
            return new String[] {null, null, "https://www.bing.com/"};
        }
        if (r < 77) {
            return new String[] {null, null, "https://www.instagram.com/"};
        }
        if (r < 85) {
            return new String[] {null, null, "https://l.facebook.com/"};
        }
        String[] campaigns = {"winter-sale", "new-arrivals", "black-friday", "loyalty"};
        return new String[] {r < 95 ? "newsletter" : "ads", campaigns[random.nextInt(campaigns.length)], null};
    }

    /** JDBC batches per statement, executed every {@code size} rows and at flush, in order of first use. */
    static final class Batches {
        private final java.sql.Connection c;
        private final int size;
        private final java.util.LinkedHashMap<String, PreparedStatement> open = new java.util.LinkedHashMap<>();
        private int pending;

        Batches(java.sql.Connection c, int size) {
            this.c = c;
            this.size = size;
        }

        /** Opens the statements in this order: batches run in it (foreign keys: parents first). */
        void declare(String... sqls) throws SQLException {
            for (String sql : sqls) {
                open.put(sql, c.prepareStatement(sql));
            }
        }

        void add(String sql, Object... values) throws SQLException {
            PreparedStatement s = open.get(sql);
            if (s == null) {
                s = c.prepareStatement(sql);
                open.put(sql, s);
            }
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.addBatch();
            if (++pending >= size) {
                flush();
            }
        }

        void flush() throws SQLException {
            for (PreparedStatement s : new ArrayList<>(open.values())) {
                s.executeBatch();
            }
            c.commit();
            pending = 0;
        }
    }
}
