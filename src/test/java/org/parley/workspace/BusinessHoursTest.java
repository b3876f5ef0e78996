package org.parley.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.http.ApiError;
import org.parley.http.Json;

class BusinessHoursTest {
    private static final List<List<String>> NINE_TO_SIX = List.of(List.of("09:00", "18:00"));

    @Test
    void openFromTheStartOfARangeUntilJustBeforeItsEnd() {
        BusinessHours hours = hours("UTC", Map.of("wed", List.of(List.of("09:00", "12:00"), List.of("13:30", "18:00"))));
        // 2026-01-07 is a Wednesday.
        assertThat(hours.isOpen(Instant.parse("2026-01-07T08:59:59Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T09:00:00Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T11:59:59Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T12:00:00Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T13:29:59Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T13:30:00Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T17:59:59.999Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-07T18:00:00Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-01-08T10:00:00Z"))).as("a day missing is closed").isFalse();
    }

    @Test
    void aRangePastMidnightIsWrittenAsTwoRangesAndStaysOpenAcrossIt() {
        BusinessHours hours = hours("UTC", Map.of("fri", List.of(List.of("22:00", "24:00")), "sat", List.of(List.of("00:00", "02:00"))));
        // 2026-01-09 is a Friday.
        assertThat(hours.isOpen(Instant.parse("2026-01-09T21:59:59Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-01-09T22:00:00Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-09T23:59:59Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-10T00:00:00Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-10T01:59:59Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-01-10T02:00:00Z"))).isFalse();
        assertThat(hours.nextOpening(Instant.parse("2026-01-10T02:00:00Z"))).contains(Instant.parse("2026-01-16T22:00:00Z"));
        refused(Map.of("time_zone", "UTC", "days", Map.of("fri", List.of(List.of("22:00", "02:00")))),
                "Field 'business_hours.days.fri[0]' must start before it ends; a range past midnight is two ranges, "
                        + "[\"22:00\", \"24:00\"] on one day and [\"00:00\", \"02:00\"] on the next");
    }

    @Test
    void parisAroundTheSpringChangeOpensAtNineOnTheWallClock() {
        BusinessHours hours = hours("Europe/Paris", Map.of("sat", NINE_TO_SIX, "sun", NINE_TO_SIX, "mon", NINE_TO_SIX));
        // Saturday 2026-03-28 is on CET (UTC+1); the clocks go forward on Sunday 2026-03-29 at 02:00, to CEST (UTC+2).
        assertOpensAt(hours, "2026-03-28T08:00:00Z");
        assertOpensAt(hours, "2026-03-29T07:00:00Z");
        assertOpensAt(hours, "2026-03-30T07:00:00Z");
        assertThat(hours.isOpen(Instant.parse("2026-03-28T16:59:59Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-03-28T17:00:00Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-03-29T15:59:59Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-03-29T16:00:00Z"))).isFalse();
    }

    @Test
    void parisAroundTheAutumnChangeOpensAtNineOnTheWallClock() {
        BusinessHours hours = hours("Europe/Paris", Map.of("sat", NINE_TO_SIX, "sun", NINE_TO_SIX));
        // Saturday 2026-10-24 is on CEST (UTC+2); the clocks go back on Sunday 2026-10-25 at 03:00, to CET (UTC+1).
        assertOpensAt(hours, "2026-10-24T07:00:00Z");
        assertOpensAt(hours, "2026-10-25T08:00:00Z");
        assertThat(hours.isOpen(Instant.parse("2026-10-25T16:59:59Z"))).isTrue();
        assertThat(hours.isOpen(Instant.parse("2026-10-25T17:00:00Z"))).isFalse();
    }

    @Test
    void newYorkAroundBothChangesOpensAtNineOnTheWallClock() {
        BusinessHours hours = hours("America/New_York", Map.of("sat", NINE_TO_SIX, "sun", NINE_TO_SIX, "mon", NINE_TO_SIX));
        // Forward on Sunday 2026-03-08 (EST UTC-5 to EDT UTC-4), back on Sunday 2026-11-01.
        assertOpensAt(hours, "2026-03-07T14:00:00Z");
        assertOpensAt(hours, "2026-03-08T13:00:00Z");
        assertOpensAt(hours, "2026-03-09T13:00:00Z");
        assertOpensAt(hours, "2026-10-31T13:00:00Z");
        assertOpensAt(hours, "2026-11-01T14:00:00Z");
        assertOpensAt(hours, "2026-11-02T14:00:00Z");
    }

    @Test
    void theNextOpeningCrossesAWeekend() {
        BusinessHours hours = weekdays("Europe/Paris");
        // Friday 2026-03-20 18:00 in Paris (CET) to Monday 2026-03-23 09:00 (CET).
        assertThat(hours.nextOpening(Instant.parse("2026-03-20T17:00:00Z"))).contains(Instant.parse("2026-03-23T08:00:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-03-21T12:00:00Z"))).contains(Instant.parse("2026-03-23T08:00:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-03-23T07:59:59Z"))).contains(Instant.parse("2026-03-23T08:00:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-03-23T10:00:00Z"))).as("open: now")
                .contains(Instant.parse("2026-03-23T10:00:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-03-23T17:00:00Z"))).as("closing time: tomorrow")
                .contains(Instant.parse("2026-03-24T08:00:00Z"));
    }

    @Test
    void theNextOpeningCrossesAChangeOfDaylightSavingTime() {
        BusinessHours paris = weekdays("Europe/Paris");
        // Friday 2026-03-27 18:00 CET to Monday 2026-03-30 09:00 CEST: 62 hours of wall clock, 61 of real time.
        assertThat(paris.nextOpening(Instant.parse("2026-03-27T17:00:00Z"))).contains(Instant.parse("2026-03-30T07:00:00Z"));
        // Friday 2026-10-23 18:00 CEST to Monday 2026-10-26 09:00 CET.
        assertThat(paris.nextOpening(Instant.parse("2026-10-23T16:00:00Z"))).contains(Instant.parse("2026-10-26T08:00:00Z"));
        BusinessHours newYork = weekdays("America/New_York");
        assertThat(newYork.nextOpening(Instant.parse("2026-03-06T23:00:00Z"))).contains(Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(newYork.nextOpening(Instant.parse("2026-10-30T22:00:00Z"))).contains(Instant.parse("2026-11-02T14:00:00Z"));
    }

    @Test
    void aRangeStartingInTheSkippedHourOpensWhenTheClockJumps() {
        BusinessHours hours = hours("Europe/Paris", Map.of("sun", List.of(List.of("02:30", "04:00"))));
        // On 2026-03-29 the wall clock goes from 01:59:59 CET (00:59:59Z) to 03:00 CEST (01:00Z).
        assertThat(hours.isOpen(Instant.parse("2026-03-29T00:59:59Z"))).isFalse();
        assertThat(hours.isOpen(Instant.parse("2026-03-29T01:00:00Z"))).isTrue();
        assertThat(hours.nextOpening(Instant.parse("2026-03-29T00:00:00Z"))).contains(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void aRangeInTheRepeatedHourOpensEachTimeTheClockShowsIt() {
        BusinessHours hours = hours("Europe/Paris", Map.of("sun", List.of(List.of("02:15", "02:45"))));
        // On 2026-10-25 the wall clock shows 02:00-02:59 twice: CEST (00:00-00:59Z), then CET (01:00-01:59Z).
        assertThat(hours.nextOpening(Instant.parse("2026-10-24T22:00:00Z"))).contains(Instant.parse("2026-10-25T00:15:00Z"));
        assertThat(hours.isOpen(Instant.parse("2026-10-25T00:45:00Z"))).isFalse();
        assertThat(hours.nextOpening(Instant.parse("2026-10-25T00:45:00Z"))).contains(Instant.parse("2026-10-25T01:15:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-10-25T01:45:00Z"))).contains(Instant.parse("2026-11-01T01:15:00Z"));
    }

    @Test
    void withNoRangesThereIsNoNextOpening() {
        BusinessHours closed = hours("Europe/Paris", Map.of("mon", List.of()));
        assertThat(closed.isOpen(Instant.parse("2026-03-30T10:00:00Z"))).isFalse();
        assertThat(closed.nextOpening(Instant.parse("2026-03-30T10:00:00Z"))).isEmpty();
        assertThat(hours("UTC", Map.of()).nextOpening(Instant.parse("2026-03-30T10:00:00Z"))).isEmpty();
    }

    @Test
    void theNextOpeningIsFoundFromAnyInstantOfTheWeek() {
        BusinessHours hours = hours("Europe/Paris", Map.of("tue", List.of(List.of("00:00", "00:30")), "thu", NINE_TO_SIX));
        ZoneId paris = ZoneId.of("Europe/Paris");
        for (Instant at = Instant.parse("2026-03-20T00:00:00Z"); at.isBefore(Instant.parse("2026-04-06T00:00:00Z"));
                at = at.plus(Duration.ofMinutes(17))) {
            Instant next = hours.nextOpening(at).orElseThrow();
            assertThat(hours.isOpen(next)).as("open at the opening after %s", at).isTrue();
            assertThat(next).isAfterOrEqualTo(at).isBefore(at.plus(Duration.ofDays(7)));
            if (next.isAfter(at)) {
                assertThat(hours.isOpen(next.minusSeconds(60))).as("closed just before the opening after %s", at).isFalse();
                LocalDateTime local = LocalDateTime.ofInstant(next, paris);
                assertThat(local.getMinute() % 30).as("%s opens on a start", local).isZero();
            }
        }
    }

    @Test
    void parsingChecksEveryFieldAndNamesIt() {
        refused(Map.of("time_zone", "Europe/Pariss", "days", Map.of()), "Field 'business_hours.time_zone' is not a known time zone");
        refused(Map.of("time_zone", "europe/paris"), "Field 'business_hours.time_zone' is not a known time zone");
        refused(Map.of("time_zone", "+02:00"), "Field 'business_hours.time_zone' is not a known time zone");
        refused(Map.of("time_zone", 2), "Field 'business_hours.time_zone' must be a string, like \"Europe/Paris\"");
        refused(Map.of("days", Map.of("mon", NINE_TO_SIX)), "Field 'business_hours.time_zone' is required, like \"Europe/Paris\"");
        refused(Map.of("time_zone", "UTC", "open", true), "Unknown field 'business_hours.open'");
        refused(Map.of("time_zone", "UTC", "days", List.of()),
                "Field 'business_hours.days' must be an object of days, like {\"mon\": [[\"09:00\", \"18:00\"]]}");
        refused(Map.of("time_zone", "UTC", "days", Map.of("monday", NINE_TO_SIX)),
                "Field 'business_hours.days.monday' is not a day; the days are mon, tue, wed, thu, fri, sat, sun");
        refused(Map.of("time_zone", "UTC", "days", Map.of("mon", "09:00-18:00")),
                "Field 'business_hours.days.mon' must be a list of ranges, like [[\"09:00\", \"18:00\"]]");
        refused(Map.of("time_zone", "UTC", "days", Map.of("mon", List.of(List.of("09:00", "12:00"), List.of("13:00")))),
                "Field 'business_hours.days.mon[1]' must be a range of two times, like [\"09:00\", \"18:00\"]");
        refused(Map.of("time_zone", "UTC", "days", Map.of("tue", List.of(List.of("09:00", 18)))),
                "Field 'business_hours.days.tue[0][1]' must be a time HH:MM, like \"09:00\"");
        for (String start : List.of("9:00", "24:00", "25:00", "09:60", "09:00:00", "", "noon")) {
            refused(Map.of("time_zone", "UTC", "days", Map.of("wed", List.of(List.of(start, "18:00")))),
                    "Field 'business_hours.days.wed[0][0]' must be a time HH:MM from 00:00 to 23:59");
        }
        for (String end : List.of("24:01", "18", "18h00")) {
            refused(Map.of("time_zone", "UTC", "days", Map.of("wed", List.of(List.of("09:00", end)))),
                    "Field 'business_hours.days.wed[0][1]' must be a time HH:MM from 00:00 to 24:00");
        }
        refused(Map.of("time_zone", "UTC", "days", Map.of("thu", List.of(List.of("09:00", "09:00")))),
                "Field 'business_hours.days.thu[0]' must start before it ends; a range past midnight is two ranges, "
                        + "[\"22:00\", \"24:00\"] on one day and [\"00:00\", \"02:00\"] on the next");
        assertThatThrownBy(() -> BusinessHours.parse(Json.tree("[]"))).isInstanceOf(ApiError.class)
                .hasMessageStartingWith("Field 'business_hours' must be an object");
    }

    @Test
    void rangesOfADayMustNotOverlapButMayTouch() {
        refused(Map.of("time_zone", "UTC", "days", Map.of("mon", List.of(List.of("13:00", "18:00"), List.of("09:00", "13:01")))),
                "Field 'business_hours.days.mon[1]' overlaps 'business_hours.days.mon[0]'");
        refused(Map.of("time_zone", "UTC", "days", Map.of("mon", List.of(List.of("09:00", "18:00"), List.of("10:00", "11:00")))),
                "Field 'business_hours.days.mon[1]' overlaps 'business_hours.days.mon[0]'");
        BusinessHours touching = hours("UTC", Map.of("mon", List.of(List.of("13:00", "18:00"), List.of("09:00", "13:00"))));
        assertThat(touching.days().get("mon")).as("sorted by start")
                .isEqualTo(List.of(List.of("09:00", "13:00"), List.of("13:00", "18:00")));
        assertThat(touching.isOpen(Instant.parse("2026-01-05T13:00:00Z"))).isTrue();
    }

    @Test
    void parsingNormalisesTheOrderOfDaysAndAnEmptyObjectMeansNone() {
        BusinessHours hours = BusinessHours.parse(Json.tree(
                "{\"days\": {\"sun\": [], \"fri\": [[\"09:00\", \"17:00\"]], \"mon\": [[\"09:00\", \"18:00\"]]}, \"time_zone\": \"Asia/Tokyo\"}"));
        assertThat(Json.write(hours)).isEqualTo(
                "{\"time_zone\":\"Asia/Tokyo\",\"days\":{\"mon\":[[\"09:00\",\"18:00\"]],\"fri\":[[\"09:00\",\"17:00\"]],\"sun\":[]}}");
        assertThat(Json.parse(Json.write(hours), BusinessHours.class)).as("read back as stored").isEqualTo(hours);
        assertThat(BusinessHours.parse(Json.tree("{}"))).isNull();
        assertThat(BusinessHours.parse(Json.tree("{\"time_zone\": \"UTC\"}")).days()).isEmpty();
    }

    @Test
    void aDayHoldsAtMostTwentyFourRanges() {
        List<List<String>> ranges = new java.util.ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            ranges.add(List.of("%02d:00".formatted(hour), "%02d:30".formatted(hour)));
        }
        assertThat(hours("UTC", Map.of("mon", ranges)).days().get("mon")).hasSize(24);
        ranges.add(List.of("23:40", "23:50"));
        refused(Map.of("time_zone", "UTC", "days", Map.of("mon", ranges)), "Field 'business_hours.days.mon' holds at most 24 ranges");
    }

    private static void assertOpensAt(BusinessHours hours, String utc) {
        Instant opening = Instant.parse(utc);
        assertThat(hours.isOpen(opening.minusSeconds(60))).as("closed a minute before %s", utc).isFalse();
        assertThat(hours.isOpen(opening.minusMillis(1))).as("closed just before %s", utc).isFalse();
        assertThat(hours.isOpen(opening)).as("open at %s", utc).isTrue();
        assertThat(hours.nextOpening(opening.minus(Duration.ofHours(3)))).as("next opening before %s", utc).contains(opening);
    }

    private static BusinessHours weekdays(String zone) {
        return hours(zone, Map.of("mon", NINE_TO_SIX, "tue", NINE_TO_SIX, "wed", NINE_TO_SIX, "thu", NINE_TO_SIX, "fri", NINE_TO_SIX));
    }

    private static BusinessHours hours(String zone, Map<String, List<List<String>>> days) {
        return BusinessHours.parse(tree(Map.of("time_zone", zone, "days", days)));
    }

    private static void refused(Map<String, ?> hours, String message) {
        assertThatThrownBy(() -> BusinessHours.parse(tree(hours))).as("%s", hours).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static JsonNode tree(Object value) {
        return Json.MAPPER.valueToTree(value);
    }
}
