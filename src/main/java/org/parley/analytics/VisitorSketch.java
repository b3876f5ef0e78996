package org.parley.analytics;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Distinct visitors of an hour, mergeable over any range. Up to {@value #EXACT} visitors it keeps their
 * 64-bit hashes (exact, bar a hash collision); beyond, an UltraLogLog of precision 11 (2 KB, about 1.8%
 * standard error). A union stays exact while it holds at most {@value #EXACT} hashes.
 */
final class VisitorSketch {
    static final int EXACT = 256;
    private static final int P = 11;
    private static final byte HASHES = 0;
    private static final byte LOGLOG = 1;

    private long[] hashes = new long[0];
    private UltraLogLog loglog;

    static long hash(String key) {
        return Hashing.komihash5_0().hashCharsToLong(key);
    }

    void add(long hash) {
        if (loglog != null) {
            loglog.add(hash);
            return;
        }
        int at = Arrays.binarySearch(hashes, hash);
        if (at >= 0) {
            return;
        }
        long[] grown = new long[hashes.length + 1];
        int insert = -at - 1;
        System.arraycopy(hashes, 0, grown, 0, insert);
        grown[insert] = hash;
        System.arraycopy(hashes, insert, grown, insert + 1, hashes.length - insert);
        hashes = grown;
        if (hashes.length > EXACT) {
            toLogLog();
        }
    }

    void add(VisitorSketch other) {
        if (other.loglog != null) {
            if (loglog == null) {
                toLogLog();
            }
            loglog.add(other.loglog);
            return;
        }
        for (long h : other.hashes) {
            add(h);
        }
    }

    long count() {
        return loglog == null ? hashes.length : Math.round(loglog.getDistinctCountEstimate());
    }

    byte[] bytes() {
        if (loglog != null) {
            byte[] state = loglog.getState();
            return ByteBuffer.allocate(1 + state.length).put(LOGLOG).put(state).array();
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 * hashes.length).put(HASHES);
        for (long h : hashes) {
            buffer.putLong(h);
        }
        return buffer.array();
    }

    static VisitorSketch of(byte[] bytes) {
        VisitorSketch sketch = new VisitorSketch();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.get() == LOGLOG) {
            byte[] state = new byte[buffer.remaining()];
            buffer.get(state);
            sketch.loglog = UltraLogLog.wrap(state);
        } else {
            sketch.hashes = new long[buffer.remaining() / 8];
            for (int i = 0; i < sketch.hashes.length; i++) {
                sketch.hashes[i] = buffer.getLong();
            }
        }
        return sketch;
    }

    private void toLogLog() {
        loglog = UltraLogLog.create(P);
        for (long h : hashes) {
            loglog.add(h);
        }
        hashes = new long[0];
    }
}
