package org.parley.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (an IP, a visitor, an agent): {@code burst} requests at once, refilled at
 * {@code perSecond}. In-process; the cluster mode will keep buckets in Redis.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    private final boolean enabled;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock, double perSecond, double burst, boolean enabled) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.enabled = enabled;
    }

    /** Takes one token for {@code key} or throws 429. */
    public void acquire(String key) {
        if (!tryAcquire(key)) {
            throw ApiError.rateLimited(secondsUntilNext(key));
        }
    }

    /** Seconds until the bucket of {@code key} holds a whole token again (at least 1). */
    long secondsUntilNext(String key) {
        double[] bucket = buckets.get(key);
        if (bucket == null) {
            return 1;
        }
        synchronized (bucket) {
            return Math.max(1, (long) Math.ceil((1 - bucket[0]) / perSecond));
        }
    }

    public boolean tryAcquire(String key) {
        if (!enabled) {
            return true;
        }
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // crude bound on memory; a burst of forgiveness is the safe failure
        }
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        synchronized (bucket) {
            double elapsed = (now - bucket[1]) / 1000.0;
            bucket[0] = Math.min(burst, bucket[0] + elapsed * perSecond);
            bucket[1] = now;
            if (bucket[0] < 1) {
                return false;
            }
            bucket[0] -= 1;
            return true;
        }
    }
}
