package org.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsAreVersion7TimeOrderedAndUnique() {
        Ids early = new Ids(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC), new SecureRandom());
        Ids late = new Ids(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_001L), ZoneOffset.UTC), new SecureRandom());
        String a = early.newId();
        String b = late.newId();
        assertThat(UUID.fromString(a).version()).isEqualTo(7);
        assertThat(UUID.fromString(a).variant()).isEqualTo(2);
        assertThat(a).isLessThan(b);
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(early.newId())).isTrue();
        }
    }

    @Test
    void tokensCarry256RandomBits() {
        Ids ids = new Ids(Clock.systemUTC(), new SecureRandom());
        String token = ids.newToken("vt_");
        assertThat(token).startsWith("vt_").hasSize(3 + 43).matches("vt_[A-Za-z0-9_-]{43}");
        assertThat(ids.newToken("vt_")).isNotEqualTo(token);
    }
}
