package org.parley.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One query's answer, kept for a few seconds so that scrapes (and several gauges over it) cost one query. */
final class CachedReading {
    private static final Logger log = LoggerFactory.getLogger(CachedReading.class);

    private final Supplier<Map<String, ? extends Number>> query;
    private final long maxAgeNanos;
    private Map<String, ? extends Number> last;
    private long readAt;

    CachedReading(Supplier<Map<String, ? extends Number>> query, Duration maxAge) {
        this.query = query;
        this.maxAgeNanos = maxAge.toNanos();
    }

    synchronized double get(String key) {
        long now = System.nanoTime();
        if (last == null || now - readAt >= maxAgeNanos) {
            readAt = now;
            try {
                last = query.get();
            } catch (RuntimeException e) {
                log.warn("metrics: query failed: {}", e.toString());
                last = Map.of();
            }
        }
        Number value = last.get(key);
        return value == null ? Double.NaN : value.doubleValue();
    }
}
