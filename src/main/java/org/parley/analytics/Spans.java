package org.parley.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rollup rows a report reads: for each series slot, the whole UTC days inside it from the daily rows and
 * the rest from the hourly rows; adjacent pieces of the same grain merged. A daily row thus lies inside one slot,
 * and over twelve months a report reads days, not 8,760 hours. In UTC every day slot is a whole day; in another
 * zone a local day cuts two UTC days and is read by the hour.
 */
final class Spans {
    static final long DAY = 86_400_000L;

    /** {@code [from, to)} of one grain. */
    record Piece(long from, long to, boolean daily) {
    }

    private Spans() {
    }

    /** The pieces covering slots given as consecutive {@code [start, end)} bounds. */
    static List<Piece> of(List<long[]> slots) {
        List<Piece> pieces = new ArrayList<>();
        for (long[] slot : slots) {
            long first = Math.floorDiv(slot[0] + DAY - 1, DAY) * DAY;
            long last = Math.floorDiv(slot[1], DAY) * DAY;
            if (first < last) {
                add(pieces, new Piece(slot[0], first, false));
                add(pieces, new Piece(first, last, true));
                add(pieces, new Piece(last, slot[1], false));
            } else {
                add(pieces, new Piece(slot[0], slot[1], false));
            }
        }
        return pieces;
    }

    private static void add(List<Piece> pieces, Piece piece) {
        if (piece.from() >= piece.to()) {
            return;
        }
        Piece previous = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
        if (previous != null && previous.daily() == piece.daily() && previous.to() == piece.from()) {
            pieces.set(pieces.size() - 1, new Piece(previous.from(), piece.to(), piece.daily()));
        } else {
            pieces.add(piece);
        }
    }

    /** The SQL condition on {@code column} selecting the pieces of one grain, with binds named {@code prefix}N. */
    static String where(List<Piece> pieces, boolean daily, String column, java.util.Map<String, Object> binds) {
        StringBuilder sql = new StringBuilder();
        for (Piece p : pieces) {
            if (p.daily() != daily) {
                continue;
            }
            int i = binds.size();
            sql.append(sql.isEmpty() ? "(" : " OR ").append('(').append(column).append(" >= :b").append(i)
                    .append(" AND ").append(column).append(" < :b").append(i + 1).append(')');
            binds.put("b" + i, p.from());
            binds.put("b" + (i + 1), p.to());
        }
        return sql.isEmpty() ? null : sql.append(')').toString();
    }
}
