package org.parley.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final class TestClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void allowsABurstThenRefillsAtTheRate() {
        TestClock clock = new TestClock();
        RateLimiter limiter = new RateLimiter(clock, 2, 3, true);
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isFalse();
        assertThat(limiter.tryAcquire("other")).as("keys are independent").isTrue();
        clock.millis += 500;
        assertThat(limiter.tryAcquire("k")).as("one token after half a second at 2/s").isTrue();
        assertThat(limiter.tryAcquire("k")).isFalse();
        assertThatThrownBy(() -> limiter.acquire("k")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void disabledLimiterAlwaysAllows() {
        RateLimiter limiter = new RateLimiter(new TestClock(), 0.001, 1, false);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("k")).isTrue();
        }
    }
}
