package org.parley.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.parley.http.ApiError;

/**
 * When a workspace is open (docs/bots.md, "Business hours"): per day ({@link #DAYS}) a list of ranges of local time
 * {@code ["09:00", "18:00"]}, start included and end excluded, {@code "24:00"} as an end meaning midnight; a day
 * missing or empty is closed. Times are on the wall clock of {@code timeZone} on that day, so a change of daylight
 * saving time moves the opening instant with the clock. A range does not pass midnight: 22:00 to 02:00 is written
 * {@code ["22:00", "24:00"]} on one day and {@code ["00:00", "02:00"]} on the next.
 */
public record BusinessHours(String timeZone, Map<String, List<List<String>>> days) {
    public static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    public static final int MAX_RANGES_PER_DAY = 24;
    /** How far {@link #nextOpening} looks: a week, and a day for a change of offset. */
    static final Duration HORIZON = Duration.ofDays(8);

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]|24:00");
    private static final String FIELD = "business_hours";

    /**
     * Business hours from JSON as a client sends them, checked and normalised as by {@link #validate}; null for an
     * empty object, which means no business hours (always open). A 400 names the first field that is wrong.
     */
    public static BusinessHours parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("Field '" + FIELD + "' must be an object, like {\"time_zone\": \"Europe/Paris\", "
                    + "\"days\": {\"mon\": [[\"09:00\", \"18:00\"]]}}");
        }
        if (node.isEmpty()) {
            return null;
        }
        String timeZone = null;
        Map<String, List<List<String>>> days = null;
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            JsonNode value = property.getValue();
            switch (property.getKey()) {
                case "time_zone" -> {
                    if (!value.isTextual()) {
                        throw ApiError.badRequest("Field '" + FIELD + ".time_zone' must be a string, like \"Europe/Paris\"");
                    }
                    timeZone = value.asText();
                }
                case "days" -> days = days(value);
                default -> throw ApiError.badRequest("Unknown field '" + FIELD + "." + property.getKey() + "'");
            }
        }
        return validate(new BusinessHours(timeZone, days));
    }

    /**
     * The same hours, checked (a known time zone; days {@link #DAYS}; ranges of HH:MM times, each starting before it
     * ends, none overlapping another of its day) and normalised (days in week order, ranges by start); a 400 naming
     * the field otherwise. Missing days stay missing.
     */
    public static BusinessHours validate(BusinessHours hours) {
        if (hours.timeZone() == null) {
            throw ApiError.badRequest("Field '" + FIELD + ".time_zone' is required, like \"Europe/Paris\"");
        }
        if (!ZoneId.getAvailableZoneIds().contains(hours.timeZone())) {
            throw ApiError.badRequest("Field '" + FIELD + ".time_zone' is not a known time zone");
        }
        Map<String, List<List<String>>> given = hours.days() == null ? Map.of() : hours.days();
        for (String day : given.keySet()) {
            if (!DAYS.contains(day)) {
                throw ApiError.badRequest("Field '" + FIELD + ".days." + day + "' is not a day; the days are "
                        + String.join(", ", DAYS));
            }
        }
        Map<String, List<List<String>>> days = new LinkedHashMap<>();
        for (String day : DAYS) {
            if (given.containsKey(day)) {
                days.put(day, ranges(given.get(day), FIELD + ".days." + day));
            }
        }
        return new BusinessHours(hours.timeZone(), Collections.unmodifiableMap(days));
    }

    /** Whether the workspace is open at {@code at}: a range of that local day holds its local time of day. */
    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.of(timeZone));
        List<List<String>> ranges = days == null ? null : days.get(DAYS.get(local.getDayOfWeek().getValue() - 1));
        if (ranges == null) {
            return false;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        for (List<String> range : ranges) {
            if (minutes(range.get(0)) <= minute && minute < minutes(range.get(1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first instant at or after {@code after} at which the workspace is open: {@code after} itself when it is
     * open then; empty when it is not open within eight days (no ranges at all). Openings are where a range starts
     * (at every instant the wall clock shows that time: twice when the clock is set back) or where the clock jumps
     * into a range (a range starting in the hour skipped in spring opens when the clock jumps).
     */
    public Optional<Instant> nextOpening(Instant after) {
        if (isOpen(after)) {
            return Optional.of(after);
        }
        ZoneRules rules = ZoneId.of(timeZone).getRules();
        Instant limit = after.plus(HORIZON);
        List<Instant> candidates = new ArrayList<>();
        LocalDate date = after.atZone(rules.getOffset(after)).toLocalDate().minusDays(1);
        for (LocalDate end = date.plusDays(HORIZON.toDays() + 2); date.isBefore(end); date = date.plusDays(1)) {
            List<List<String>> ranges = days == null ? null : days.get(DAYS.get(date.getDayOfWeek().getValue() - 1));
            for (List<String> range : ranges == null ? List.<List<String>>of() : ranges) {
                int start = minutes(range.get(0));
                LocalDateTime local = date.atTime(start / 60, start % 60);
                List<ZoneOffset> offsets = rules.getValidOffsets(local);
                if (offsets.isEmpty()) {
                    candidates.add(rules.getTransition(local).getInstant());
                }
                offsets.forEach(offset -> candidates.add(local.toInstant(offset)));
            }
        }
        for (ZoneOffsetTransition t = rules.nextTransition(after); t != null && !t.getInstant().isAfter(limit);
                t = rules.nextTransition(t.getInstant())) {
            candidates.add(t.getInstant());
        }
        return candidates.stream()
                .filter(c -> c.isAfter(after) && !c.isAfter(limit) && isOpen(c))
                .min(Comparator.naturalOrder());
    }

    private static List<List<String>> ranges(List<List<String>> given, String field) {
        if (given == null) {
            throw ApiError.badRequest("Field '" + field + "' must be a list of ranges, like [[\"09:00\", \"18:00\"]]");
        }
        if (given.size() > MAX_RANGES_PER_DAY) {
            throw ApiError.badRequest("Field '" + field + "' holds at most " + MAX_RANGES_PER_DAY + " ranges");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            List<String> range = given.get(i);
            String at = field + "[" + i + "]";
            if (range == null || range.size() != 2) {
                throw ApiError.badRequest("Field '" + at + "' must be a range of two times, like [\"09:00\", \"18:00\"]");
            }
            if (range.get(0) == null || !TIME.matcher(range.get(0)).matches() || range.get(0).equals("24:00")) {
                throw ApiError.badRequest("Field '" + at + "[0]' must be a time HH:MM from 00:00 to 23:59");
            }
            if (range.get(1) == null || !TIME.matcher(range.get(1)).matches()) {
                throw ApiError.badRequest("Field '" + at + "[1]' must be a time HH:MM from 00:00 to 24:00");
            }
            if (minutes(range.get(0)) >= minutes(range.get(1))) {
                throw ApiError.badRequest("Field '" + at + "' must start before it ends; a range past midnight is two "
                        + "ranges, [\"22:00\", \"24:00\"] on one day and [\"00:00\", \"02:00\"] on the next");
            }
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> minutes(given.get(i).get(0))));
        List<List<String>> sorted = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            List<String> range = given.get(order.get(k));
            if (k > 0 && minutes(range.get(0)) < minutes(sorted.get(k - 1).get(1))) {
                int earlier = order.get(k - 1);
                int later = order.get(k);
                throw ApiError.badRequest("Field '" + field + "[" + Math.max(earlier, later) + "]' overlaps '"
                        + field + "[" + Math.min(earlier, later) + "]'");
            }
            sorted.add(List.of(range.get(0), range.get(1)));
        }
        return List.copyOf(sorted);
    }

    /** Minutes since midnight of a checked HH:MM time; 24:00 is 1440. */
    /**
     * How many seconds of {@code [fromMillis, toMillis)} fall in open hours: a reply at 9:05 to a question asked at
     * 18:00 the day before, with hours 9:00-18:00, waited five minutes (reports, docs/analytics.md).
     */
    public long openSeconds(long fromMillis, long toMillis) {
        ZoneId zone = ZoneId.of(timeZone);
        long open = 0;
        LocalDate last = Instant.ofEpochMilli(toMillis).atZone(zone).toLocalDate().plusDays(1);
        for (LocalDate day = Instant.ofEpochMilli(fromMillis).atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last);
                day = day.plusDays(1)) {
            List<List<String>> ranges = days == null ? null : days.get(DAYS.get(day.getDayOfWeek().getValue() - 1));
            for (List<String> range : ranges == null ? List.<List<String>>of() : ranges) {
                long start = day.atStartOfDay(zone).plusMinutes(minutes(range.get(0))).toInstant().toEpochMilli();
                long end = day.atStartOfDay(zone).plusMinutes(minutes(range.get(1))).toInstant().toEpochMilli();
                open += Math.max(0, Math.min(end, toMillis) - Math.max(start, fromMillis));
            }
        }
        return open / 1000;
    }

    private static int minutes(String time) {
        return Integer.parseInt(time, 0, 2, 10) * 60 + Integer.parseInt(time, 3, 5, 10);
    }

    /** The days of a JSON object, shaped for {@link #ranges} to check: each day a list of lists of strings. */
    private static Map<String, List<List<String>>> days(JsonNode node) {
        if (!node.isObject()) {
            throw ApiError.badRequest("Field '" + FIELD + ".days' must be an object of days, like {\"mon\": [[\"09:00\", \"18:00\"]]}");
        }
        Map<String, List<List<String>>> days = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> day : node.properties()) {
            String field = FIELD + ".days." + day.getKey();
            if (!day.getValue().isArray()) {
                throw ApiError.badRequest("Field '" + field + "' must be a list of ranges, like [[\"09:00\", \"18:00\"]]");
            }
            List<List<String>> ranges = new ArrayList<>();
            for (JsonNode range : day.getValue()) {
                String at = field + "[" + ranges.size() + "]";
                if (!range.isArray() || range.size() != 2) {
                    throw ApiError.badRequest("Field '" + at + "' must be a range of two times, like [\"09:00\", \"18:00\"]");
                }
                List<String> times = new ArrayList<>();
                for (JsonNode time : range) {
                    if (!time.isTextual()) {
                        throw ApiError.badRequest("Field '" + at + "[" + times.size() + "]' must be a time HH:MM, like \"09:00\"");
                    }
                    times.add(time.asText());
                }
                ranges.add(times);
            }
            days.put(day.getKey(), ranges);
        }
        return days;
    }
}
