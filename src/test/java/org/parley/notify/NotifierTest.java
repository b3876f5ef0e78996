package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.parley.storage.Ids;

class NotifierTest {
    @Test
    void theIdFloorSortsBeforeEveryIdMadeFromThatMillisecondOnAndAfterEveryEarlierOne() {
        long at = 1_790_000_000_123L;
        String floor = Notifier.idFloor(at);
        for (int i = 0; i < 100; i++) {
            String same = new Ids(Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC), new SecureRandom()).newId();
            String before = new Ids(Clock.fixed(Instant.ofEpochMilli(at - 1), ZoneOffset.UTC), new SecureRandom()).newId();
            assertThat(same.compareTo(floor)).isGreaterThanOrEqualTo(0);
            assertThat(before.compareTo(floor)).isLessThan(0);
        }
    }
}
