package org.parley.storage;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

/**
 * Makes identifiers and secrets. Ids are UUIDv7 (time-ordered, random, never sequential);
 * tokens are 256 random bits, URL-safe. Injected so tests can control time.
 */
public final class Ids {
    private final Clock clock;
    private final SecureRandom random;

    public Ids(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public String newId() {
        long millis = clock.millis();
        long randA = random.nextLong();
        long randB = random.nextLong();
        long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A secret of 256 random bits, with a readable prefix such as {@code vt_}. */
    public String newToken(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
