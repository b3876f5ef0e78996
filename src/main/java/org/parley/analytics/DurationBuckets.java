package org.parley.analytics;

/**
 * Durations in seconds, kept in buckets so that medians and p90 can be read from hourly rollups: one second
 * wide below a minute, a minute below an hour, 15 minutes below a day, 6 hours beyond (up to 30 days; longer
 * ones share the last bucket). A percentile is reported as its bucket's lower bound, so it is exact for
 * durations on those steps and otherwise rounded down to the step.
 */
final class DurationBuckets {
    static final int LAST = 211 + 116;

    private DurationBuckets() {
    }

    static int bucket(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return (int) s;
        }
        if (s < 3600) {
            return 60 + (int) ((s - 60) / 60);
        }
        if (s < 86_400) {
            return 119 + (int) ((s - 3600) / 900);
        }
        return (int) Math.min(LAST, 211 + (s - 86_400) / 21_600);
    }

    static long lowerBound(int bucket) {
        if (bucket < 60) {
            return bucket;
        }
        if (bucket < 119) {
            return 60 + (bucket - 60) * 60L;
        }
        if (bucket < 211) {
            return 3600 + (bucket - 119) * 900L;
        }
        return 86_400 + (bucket - 211) * 21_600L;
    }

    /**
     * The nearest-rank percentile ({@code p} in 0..1) of a histogram indexed by bucket; null when it is empty.
     */
    static Long percentile(long[] histogram, double p) {
        long n = 0;
        for (long c : histogram) {
            n += c;
        }
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen >= rank) {
                return lowerBound(b);
            }
        }
        return lowerBound(histogram.length - 1);
    }
}
