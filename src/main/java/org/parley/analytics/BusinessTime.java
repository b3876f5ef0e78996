package org.parley.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.parley.workspace.BusinessHours;

/**
 * How long a wait lasted in the business's open hours (docs/analytics.md): a reply at 9:05 to a question
 * asked at 18:00 the day before, with hours 9:00-18:00, took five minutes. Without business hours every
 * second counts.
 */
final class BusinessTime {
    private BusinessTime() {
    }

    static long seconds(BusinessHours hours, long fromMillis, long toMillis) {
        if (toMillis <= fromMillis) {
            return 0;
        }
        if (hours == null || hours.days() == null || hours.days().isEmpty()) {
            return (toMillis - fromMillis) / 1000;
        }
        ZoneId zone = ZoneId.of(hours.timeZone());
        LocalDate day = Instant.ofEpochMilli(fromMillis).atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = Instant.ofEpochMilli(toMillis).atZone(zone).toLocalDate().plusDays(1);
        long open = 0;
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            List<List<String>> ranges = hours.days().get(BusinessHours.DAYS.get(day.getDayOfWeek().getValue() - 1));
            for (List<String> range : ranges == null ? List.<List<String>>of() : ranges) {
                long start = at(day, range.get(0), zone);
                long end = at(day, range.get(1), zone);
                open += Math.max(0, Math.min(end, toMillis) - Math.max(start, fromMillis));
            }
        }
        return open / 1000;
    }

    private static long at(LocalDate day, String hhmm, ZoneId zone) {
        int minutes = Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3, 5));
        return day.atStartOfDay(zone).plusMinutes(minutes).toInstant().toEpochMilli();
    }
}
