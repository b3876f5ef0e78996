package org.parley.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.testing.TestServer;

/**
 * The reports benchmark (bench/README.md, "Reports") found every recomputed hour reading all hours of its
 * metrics on SQLite: the delete of an hour's rows took the primary key (workspace_id, metric, ...) over the hour
 * index, about 0.5 s per hour with a year of rollups, paid twice by every report request. These are SQLite's
 * plans (its planner has no statistics to go by); PostgreSQL picks the hour index from its statistics.
 */
class RollupIndexesIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void recomputingAnHourDeletesThroughTheHourIndex() throws Exception {
        for (String table : List.of("report_counts", "report_histograms", "report_sketches")) {
            assertThat(plan("DELETE FROM " + table + " WHERE workspace_id = 'w' AND hour = 3600000 "
                    + "AND metric IN ('started', 'replies', 'ratings')"))
                    .as(table).containsExactly("SEARCH " + table + " USING INDEX " + table
                            + "_hour (workspace_id=? AND hour=? AND metric=?)");
        }
    }

    private static List<String> plan(String sql) throws Exception {
        List<String> steps = new ArrayList<>();
        try (var c = server.jdbc(); var s = c.createStatement(); var rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                steps.add(rs.getString("detail"));
            }
        }
        return steps;
    }
}
