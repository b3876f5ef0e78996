package org.parley.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.parley.activity.ActivityEvent;

/** The in-process registry on an injected clock: visits, leaving, returning browsers, throttled updates. */
class LiveVisitorsTest {
    private static final String WS = "ws1";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    private static final long START = 1_700_000_000_000L;

    private final TestClock clock = new TestClock();
    /** The stored activity, as the database would hold it after each beacon's commit. */
    private final List<Stored> stored = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private LiveVisitors registry = registry(10_000);

    private record Stored(Browser browser, ActivityEvent event) {
    }

    private LiveVisitors registry(int max) {
        VisitHistory history = (browser, before, limit) -> stored.stream()
                .filter(s -> (browser.anonId() != null && browser.anonId().equals(s.browser().anonId()))
                        || (browser.visitorId() != null && browser.visitorId().equals(s.browser().visitorId())))
                .map(Stored::event).filter(e -> e.at() < before)
                .sorted(Comparator.comparingLong(ActivityEvent::at).reversed()).limit(limit).toList();
        return new InProcessLiveVisitors(clock, history, () -> "lv_" + ids.incrementAndGet(), max);
    }

    private static ActivityEvent page(String url, long at) {
        return new ActivityEvent("page_view", url, "Title of " + url, null, null, null, null, null, at);
    }

    /** A beacon: stored first, then the registry hears of it (published after commit). */
    private java.util.Optional<LiveVisitor> visit(Browser browser, ActivityEvent... events) {
        for (ActivityEvent e : events) {
            stored.add(new Stored(browser, e));
        }
        return registry.activity(browser, List.of(events), CHROME);
    }

    @Test
    void aBrowserAppearsWithItsPageSourceAndDeviceAndFollowsItsPages() {
        Browser browser = new Browser(WS, "anon-0123456789abcdef", null);
        ActivityEvent landing = new ActivityEvent("page_view", "https://shop.example/?utm_source=news", "Shop",
                "https://search.example/", Map.of("source", "news"), "spring", null, null, clock.millis());
        LiveVisitor first = visit(browser, landing).orElseThrow();
        assertThat(first.id()).isEqualTo("lv_1").doesNotContain("anon");
        assertThat(first.visitorId()).isNull();
        assertThat(first.currentPage().url()).isEqualTo("https://shop.example/?utm_source=news");
        assertThat(first.source()).isEqualTo(new LiveVisitor.Source("https://search.example/", Map.of("source", "news"), "spring"));
        assertThat(first.browser()).isEqualTo("Chrome 131");
        assertThat(first.os()).isEqualTo("Windows");
        assertThat(first.device()).isEqualTo("desktop");
        assertThat(first.returning()).isFalse();
        assertThat(first.chatting()).isFalse();
        assertThat(first.visitStartedAt()).isEqualTo(START);

        clock.advance(5_000);
        LiveVisitor second = visit(new Browser(WS, "anon-0123456789abcdef", "v1"), page("https://shop.example/cart", clock.millis()))
                .orElseThrow();
        assertThat(second.id()).as("the same entry").isEqualTo("lv_1");
        assertThat(second.visitorId()).isEqualTo("v1");
        assertThat(second.currentPage().url()).isEqualTo("https://shop.example/cart");
        assertThat(second.pages()).extracting(LiveVisitor.Page::url)
                .containsExactly("https://shop.example/cart", "https://shop.example/?utm_source=news");
        assertThat(second.source().referrer()).as("the landing page's").isEqualTo("https://search.example/");
        assertThat(registry.list(WS)).containsExactly(second);
        assertThat(registry.list("other")).isEmpty();
    }

    @Test
    void aBrowserLeaves90SecondsAfterItWasLastSeenAndHeartbeatsKeepItListed() {
        Browser browser = new Browser(WS, "anon-0123456789abcdef", null);
        String id = visit(browser, page("https://shop.example/", clock.millis())).orElseThrow().id();
        clock.advance(60_000);
        assertThat(registry.heartbeat(browser, null, false, CHROME).update()).as("a heartbeat alone changes nothing shown").isNull();
        clock.advance(89_000);
        assertThat(registry.sweep().left()).isEmpty();
        assertThat(registry.list(WS)).hasSize(1);
        clock.advance(1_000);
        assertThat(registry.sweep().left()).containsExactly(new LiveVisitors.Left(WS, id));
        assertThat(registry.list(WS)).isEmpty();
        assertThat(registry.target(WS, id)).isEmpty();
        assertThat(registry.sweep().left()).as("announced once").isEmpty();
    }

    @Test
    void aBrowserBackWithin30MinutesContinuesItsVisitAndOneBackLaterIsReturning() {
        Browser browser = new Browser(WS, "anon-0123456789abcdef", null);
        long landedAt = clock.millis();
        visit(browser, page("https://shop.example/", landedAt));
        clock.advance(100_000);
        registry.sweep();
        assertThat(registry.list(WS)).isEmpty();

        clock.advance(10 * 60_000);
        LiveVisitor back = visit(browser, page("https://shop.example/a", clock.millis())).orElseThrow();
        assertThat(back.returning()).as("the same visit").isFalse();
        assertThat(back.visitStartedAt()).isEqualTo(landedAt);
        assertThat(back.pages()).extracting(LiveVisitor.Page::url).containsExactly("https://shop.example/a", "https://shop.example/");
        clock.advance(100_000);
        registry.sweep();

        clock.advance(31 * 60_000);
        LiveVisitor returning = visit(browser, page("https://shop.example/b", clock.millis())).orElseThrow();
        assertThat(returning.returning()).isTrue();
        assertThat(returning.visitStartedAt()).isEqualTo(clock.millis());
        assertThat(returning.pages()).extracting(LiveVisitor.Page::url).containsExactly("https://shop.example/b");
        assertThat(returning.id()).as("a new entry, a new id").isNotEqualTo(back.id());
    }

    @Test
    void updatesAreThrottledToOnePerSecondAndTheSweepSendsTheLatest() {
        Browser browser = new Browser(WS, "anon-0123456789abcdef", null);
        assertThat(visit(browser, page("https://shop.example/1", clock.millis()))).isPresent();
        clock.advance(300);
        assertThat(visit(browser, page("https://shop.example/2", clock.millis()))).isEmpty();
        clock.advance(300);
        assertThat(visit(browser, page("https://shop.example/3", clock.millis()))).isEmpty();
        assertThat(registry.sweep().updated()).as("within the second").isEmpty();
        clock.advance(400);
        List<LiveVisitors.Update> due = registry.sweep().updated();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).visitor().currentPage().url()).isEqualTo("https://shop.example/3");
        assertThat(registry.sweep().updated()).as("sent once").isEmpty();
        clock.advance(1_000);
        assertThat(visit(browser, page("https://shop.example/4", clock.millis()))).isPresent();
    }

    @Test
    void aBrowserWithoutPageViewsIsNotListedAndATokenIsHandedOverOnceToABrowserWithoutSession() {
        Browser browser = new Browser(WS, "anon-0123456789abcdef", null);
        registry.heartbeat(browser, null, false, CHROME);
        assertThat(registry.list(WS)).isEmpty();
        String id = visit(browser, page("https://shop.example/", clock.millis())).orElseThrow().id();
        registry.link(WS, id, "v9", "c9", "vt_secret");
        registry.proactive(WS, id, "m1", "conv1", true);
        LiveVisitors.Beat beat = registry.heartbeat(browser, null, false, CHROME);
        assertThat(beat.token()).isEqualTo("vt_secret");
        assertThat(beat.load()).isTrue();
        LiveVisitors.Beat again = registry.heartbeat(browser, null, false, CHROME);
        assertThat(again.token()).isNull();
        assertThat(again.load()).isFalse();
        assertThat(registry.list(WS).get(0).chatting()).isTrue();
        assertThat(registry.list(WS).get(0).conversationId()).isEqualTo("conv1");
        assertThat(registry.target(WS, id).orElseThrow().proactive()).containsExactly("m1");
        registry.conversation(WS, "v9", "conv1", false);
        assertThat(registry.list(WS).get(0).chatting()).isFalse();
    }

    @Test
    void aBrowserWithASessionOfItsOwnNeverGetsAnotherToken() {
        Browser anonymous = new Browser(WS, "anon-0123456789abcdef", null);
        String id = visit(anonymous, page("https://shop.example/", clock.millis())).orElseThrow().id();
        registry.link(WS, id, "v9", "c9", "vt_secret");
        LiveVisitors.Beat beat = registry.heartbeat(new Browser(WS, "anon-0123456789abcdef", "v2"), "c2", true, CHROME);
        assertThat(beat.token()).isNull();
        assertThat(beat.linked()).isTrue();
    }

    @Test
    void theOldestBrowserMakesRoomAtTheCapAndIsAnnouncedAsLeft() {
        registry = registry(2);
        String first = visit(new Browser(WS, "anon-aaaaaaaaaaaaaaaa", null), page("https://shop.example/", clock.millis()))
                .orElseThrow().id();
        clock.advance(10);
        visit(new Browser(WS, "anon-bbbbbbbbbbbbbbbb", null), page("https://shop.example/", clock.millis()));
        clock.advance(10);
        visit(new Browser(WS, "anon-aaaaaaaaaaaaaaaa", null), page("https://shop.example/again", clock.millis()));
        clock.advance(10);
        visit(new Browser(WS, "anon-cccccccccccccccc", null), page("https://shop.example/", clock.millis()));
        assertThat(registry.list(WS)).hasSize(2).extracting(LiveVisitor::id).contains(first);
        assertThat(registry.sweep().left()).extracting(LiveVisitors.Left::id).containsExactly("lv_2");
    }

    @Test
    void aVisitorEntryTakesTheAnonymousIdItLearnsAsKey() {
        String id = visit(new Browser(WS, null, "v1"), page("https://shop.example/", clock.millis())).orElseThrow().id();
        clock.advance(2_000);
        visit(new Browser(WS, "anon-0123456789abcdef", "v1"), page("https://shop.example/2", clock.millis()));
        registry.heartbeat(new Browser(WS, "anon-0123456789abcdef", null), null, false, CHROME);
        assertThat(registry.list(WS)).singleElement().satisfies(v -> assertThat(v.id()).isEqualTo(id));
        clock.advance(1_000);
        assertThat(registry.conversation(WS, "v1", "conv", true)).hasValueSatisfying(v -> assertThat(v.chatting()).isTrue());
    }

    private static final class TestClock extends Clock {
        private long now = START;

        void advance(long ms) {
            now += ms;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
