package org.parley.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.workspace.BusinessHours;

/** The arithmetic under the reports: buckets and percentiles, distinct visitors, open hours, visit sources. */
class RollupMathTest {
    @Test
    void bucketsAreExactOnTheirStepsAndRoundDownBetween() {
        for (long s : new long[] {0, 1, 59, 60, 120, 3540, 3600, 4500, 86_400, 108_000}) {
            assertThat(DurationBuckets.lowerBound(DurationBuckets.bucket(s))).as(s + " s").isEqualTo(s);
        }
        assertThat(DurationBuckets.lowerBound(DurationBuckets.bucket(119))).isEqualTo(60);
        assertThat(DurationBuckets.lowerBound(DurationBuckets.bucket(3599))).isEqualTo(3540);
        assertThat(DurationBuckets.bucket(90L * 86_400)).as("beyond 30 days: the last bucket").isEqualTo(DurationBuckets.LAST);
        assertThat(DurationBuckets.bucket(-5)).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] h = new long[DurationBuckets.LAST + 1];
        assertThat(DurationBuckets.percentile(h, 0.5)).as("no data").isNull();
        h[DurationBuckets.bucket(120)]++;
        h[DurationBuckets.bucket(600)]++;
        assertThat(DurationBuckets.percentile(h, 0.5)).isEqualTo(120);
        assertThat(DurationBuckets.percentile(h, 0.9)).isEqualTo(600);
        h[DurationBuckets.bucket(30)] += 8;
        assertThat(DurationBuckets.percentile(h, 0.5)).isEqualTo(30);
        assertThat(DurationBuckets.percentile(h, 0.9)).as("rank 9 of 10").isEqualTo(120);
    }

    @Test
    void distinctVisitorsAreExactUpTo256AndWithinAFewPercentBeyond() {
        VisitorSketch a = new VisitorSketch();
        VisitorSketch b = new VisitorSketch();
        for (int i = 0; i < 200; i++) {
            a.add(VisitorSketch.hash("browser-" + i));
            b.add(VisitorSketch.hash("browser-" + (i + 100))); // 100 in common
        }
        VisitorSketch union = VisitorSketch.of(a.bytes());
        union.add(VisitorSketch.of(b.bytes()));
        assertThat(union.count()).as("past 256 hashes: an estimate").isCloseTo(300, within(9L));
        VisitorSketch small = new VisitorSketch();
        small.add(VisitorSketch.hash("x"));
        small.add(VisitorSketch.hash("x"));
        small.add(VisitorSketch.of(a.bytes()));
        assertThat(small.count()).as("under 256: exact").isEqualTo(201);

        VisitorSketch year = new VisitorSketch();
        for (int day = 0; day < 30; day++) {
            VisitorSketch d = new VisitorSketch();
            for (int i = 0; i < 5_000; i++) {
                d.add(VisitorSketch.hash("v" + (day * 2_500 + i))); // half of each day's visitors come back the next
            }
            year.add(VisitorSketch.of(d.bytes()));
        }
        assertThat((double) year.count()).as("77,500 distinct").isCloseTo(77_500, within(77_500 * 0.06));
    }

    @Test
    void onlyOpenHoursCountWhenTheWorkspaceHasBusinessHours() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        BusinessHours hours = new BusinessHours("Europe/Paris", Map.of("mon", List.of(List.of("09:00", "18:00")),
                "tue", List.of(List.of("09:00", "18:00"))));
        long monday6pm = ZonedDateTime.of(2026, 12, 7, 18, 0, 0, 0, paris).toInstant().toEpochMilli();
        long tuesday905 = ZonedDateTime.of(2026, 12, 8, 9, 5, 0, 0, paris).toInstant().toEpochMilli();
        assertThat(ConversationFacts.waited(hours, monday6pm, tuesday905)).as("asked at closing, answered 9:05").isEqualTo(300);
        assertThat(ConversationFacts.waited(hours, monday6pm - 3_600_000, tuesday905)).isEqualTo(3900);
        assertThat(ConversationFacts.waited(null, monday6pm, tuesday905)).as("no hours: every second").isEqualTo(15 * 3600 + 300);
        long saturday = ZonedDateTime.of(2026, 12, 12, 10, 0, 0, 0, paris).toInstant().toEpochMilli();
        assertThat(ConversationFacts.waited(hours, saturday, saturday + 3_600_000)).as("closed all weekend").isZero();
    }

    @Test
    void aVisitKeepsItsLandingSourceUntilThirtyMinutesWithoutActivity() {
        String shop = "https://shop.example";
        List<PageViews.Filed> filed = PageViews.file(List.of(
                raw(shop + "/?utm_source=News", "https://mail.example/", Map.of("source", "News", "campaign", "dec"), 0),
                raw(shop + "/scarves?x=1", shop + "/", null, 60_000),
                raw(shop + "/checkout", shop + "/scarves", null, 31 * 60_000 + 60_000),
                raw(shop + "/", "https://www.google.com/search", null, 40 * 60_000)));
        assertThat(filed).extracting(PageViews.Filed::source).containsExactly("news", "news", "direct", "google.com");
        assertThat(filed).extracting(PageViews.Filed::visitStart).containsExactly(true, false, true, false);
        assertThat(filed).extracting(PageViews.Filed::campaign).containsExactly("dec", "dec", null, null);
        assertThat(filed).extracting(PageViews.Filed::page).containsExactly("/", "/scarves", "/checkout", "/");
    }

    private static PageViews.Raw raw(String url, String referrer, Map<String, String> utm, long at) {
        return new PageViews.Raw("b1", null, "page_view", url, referrer, utm, null, null, null, null, at);
    }

    @Test
    void longRangesReadWholeUtcDaysFromTheDailyRowsAndTheirEdgesByTheHour() {
        ReportRange utc = ReportRange.parse("2026-01-01", "2026-12-31", "month", ZoneId.of("UTC"));
        assertThat(Spans.of(utc.bounds())).as("a year of months in UTC: one run of whole days")
                .containsExactly(new Spans.Piece(utc.startMillis(), utc.endMillis(), true));
        ReportRange paris = ReportRange.parse("2026-01-01", "2026-12-31", "month", ZoneId.of("Europe/Paris"));
        List<Spans.Piece> pieces = Spans.of(paris.bounds());
        assertThat(pieces.stream().filter(Spans.Piece::daily).mapToLong(p -> (p.to() - p.from()) / Spans.DAY).sum())
                .as("each local month but its first and last hours is whole UTC days").isEqualTo(365 - 12);
        assertThat(pieces.stream().filter(p -> !p.daily()).mapToLong(p -> p.to() - p.from()).sum())
                .as("the rest by the hour: every month's edges").isEqualTo(365 * Spans.DAY - (365 - 12) * Spans.DAY);
        assertThat(pieces.get(0).from()).isEqualTo(paris.startMillis());
        assertThat(pieces.get(pieces.size() - 1).to()).isEqualTo(paris.endMillis());
        for (int i = 1; i < pieces.size(); i++) {
            assertThat(pieces.get(i).from()).as("no gap, no overlap").isEqualTo(pieces.get(i - 1).to());
        }
        ReportRange days = ReportRange.parse("2026-03-01", "2026-03-31", "day", ZoneId.of("Europe/Paris"));
        assertThat(Spans.of(days.bounds())).as("local days cut UTC days: all hourly")
                .containsExactly(new Spans.Piece(days.startMillis(), days.endMillis(), false));
    }
}
