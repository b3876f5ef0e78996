package org.parley.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.parley.http.ApiError;

/**
 * The days a report covers (inclusive, in the workspace's time zone) and how its series is cut: by hour (up
 * to 14 days), day, week (from Monday) or month. The previous period is as long and ends the day before.
 */
record ReportRange(LocalDate from, LocalDate to, ZoneId zone, String interval) {
    static final int MAX_DAYS = 400;

    static ReportRange parse(String from, String to, String interval, ZoneId zone) {
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (end.isBefore(start)) {
            throw ApiError.badRequest("'to' must not be before 'from'");
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_DAYS) {
            throw ApiError.badRequest("A report covers at most " + MAX_DAYS + " days");
        }
        String cut = interval == null || interval.isBlank()
                ? days <= 2 ? "hour" : days <= 62 ? "day" : days <= 190 ? "week" : "month" : interval;
        if (!List.of("hour", "day", "week", "month").contains(cut)) {
            throw ApiError.badRequest("'interval' must be hour, day, week or month");
        }
        if (cut.equals("hour") && days > 14) {
            throw ApiError.badRequest("An hourly series covers at most 14 days");
        }
        return new ReportRange(start, end, zone, cut);
    }

    private static LocalDate date(String name, String value) {
        if (value == null) {
            throw ApiError.badRequest("Query parameter '" + name + "' (YYYY-MM-DD) is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("Query parameter '" + name + "' must be a date (YYYY-MM-DD)");
        }
    }

    ReportRange previous() {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return new ReportRange(from.minusDays(days), from.minusDays(1), zone, interval);
    }

    long startMillis() {
        return from.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    long endMillis() {
        return to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The start of the series slot an hour falls in, as the label of that slot. */
    LocalDateTime slotOf(long hourMillis) {
        LocalDateTime local = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(hourMillis), zone);
        return switch (interval) {
            case "hour" -> local.truncatedTo(ChronoUnit.HOURS);
            case "day" -> local.toLocalDate().atStartOfDay();
            case "week" -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            default -> local.toLocalDate().withDayOfMonth(1).atStartOfDay();
        };
    }

    /** Every slot of the range, in order, including empty ones. */
    List<LocalDateTime> slots() {
        List<LocalDateTime> slots = new ArrayList<>();
        LocalDateTime end = to.plusDays(1).atStartOfDay();
        LocalDateTime at = slotOf(startMillis());
        while (at.isBefore(end)) {
            slots.add(at);
            at = switch (interval) {
                case "hour" -> at.plusHours(1);
                case "day" -> at.plusDays(1);
                case "week" -> at.plusWeeks(1);
                default -> at.plusMonths(1);
            };
        }
        return slots;
    }

    /** Each slot's {@code [start, end)} in epoch ms, clipped to the range (a week may start before it). */
    List<long[]> bounds() {
        List<LocalDateTime> slots = slots();
        List<long[]> bounds = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            long start = Math.max(startMillis(), slots.get(i).atZone(zone).toInstant().toEpochMilli());
            long end = i + 1 < slots.size() ? slots.get(i + 1).atZone(zone).toInstant().toEpochMilli() : endMillis();
            bounds.add(new long[] {start, Math.min(end, endMillis())});
        }
        return bounds;
    }

    /** The whole range as one slot (breakdowns, filter values). */
    List<Spans.Piece> pieces() {
        return Spans.of(List.<long[]>of(new long[] {startMillis(), endMillis()}));
    }

    String label(LocalDateTime slot) {
        return interval.equals("hour") ? slot.toString().substring(0, 16) : slot.toLocalDate().toString();
    }
}
