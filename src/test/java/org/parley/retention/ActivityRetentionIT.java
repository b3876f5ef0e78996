package org.parley.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * A workspace's activity_retention_days (docs/privacy.md): the prune job deletes that workspace's raw visitor activity
 * received longer ago, keeps younger rows, and leaves other workspaces to the server's default (90 days in tests).
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ActivityRetentionIT {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Parameter
    String database;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** A beacon per age in days, made that old by SQL; returns the url of each. */
    private static Map<Integer, String> activity(TestServer.Tenant tenant, int... ages) {
        TestServer.Visitor visitor = server.visitor(tenant);
        Map<Integer, String> urls = new HashMap<>();
        for (int age : ages) {
            String url = "https://shop.example/" + tenant.workspace().id() + "/" + age;
            server.beacon(tenant, visitor, url);
            server.execute("UPDATE visitor_activity SET received_at = ? WHERE url = ?", System.currentTimeMillis() - age * DAY, url);
            urls.put(age, url);
        }
        return urls;
    }

    private static boolean kept(String url) {
        return server.count("SELECT COUNT(*) FROM visitor_activity WHERE url = ?", url) == 1;
    }

    private static Http.Response retention(TestServer.Tenant tenant, Object days) {
        Map<String, Object> body = new HashMap<>();
        body.put("activity_retention_days", days);
        return tenant.owner().http().patch("/api/v1/workspace", body);
    }

    @Test
    void eachWorkspaceKeepsRawActivityAsLongAsItsSettingSaysOrTheServerDefault() {
        TestServer.Tenant week = server.tenant("Week shop");
        TestServer.Tenant longer = server.tenant("Long shop");
        TestServer.Tenant plain = server.tenant("Default shop");
        assertThat(retention(week, 7).body().at("/settings/activity_retention_days").asInt()).isEqualTo(7);
        assertThat(retention(longer, 120).status()).isEqualTo(200);
        Map<Integer, String> weekRows = activity(week, 6, 8);
        Map<Integer, String> longerRows = activity(longer, 100, 121);
        Map<Integer, String> plainRows = activity(plain, 8, 89, 91);

        assertThat(server.wiring().pruner.pruneOnce()).containsEntry("visitor_activity", 3);

        assertThat(kept(weekRows.get(6))).as("younger than the workspace's 7 days").isTrue();
        assertThat(kept(weekRows.get(8))).as("older than the workspace's 7 days").isFalse();
        assertThat(kept(longerRows.get(100))).as("a setting longer than the server's default").isTrue();
        assertThat(kept(longerRows.get(121))).isFalse();
        assertThat(kept(plainRows.get(8))).as("no setting: the server's 90 days").isTrue();
        assertThat(kept(plainRows.get(89))).isTrue();
        assertThat(kept(plainRows.get(91))).isFalse();

        Http.Response cleared = retention(week, null);
        assertThat(cleared.status()).as(cleared.raw()).isEqualTo(200);
        assertThat(cleared.body().at("/settings").has("activity_retention_days")).as("null: the server's default").isFalse();
        assertThat(server.wiring().pruner.pruneOnce()).containsEntry("visitor_activity", 0);
        assertThat(kept(weekRows.get(6))).isTrue();
    }

    @Test
    void theSettingIsAWholeNumberOfDaysFromOneToTenYears() {
        TestServer.Tenant tenant = server.tenant("Strict shop");
        for (Object bad : new Object[] {0, 3651, "30", 7.5, -1}) {
            Http.Response refused = retention(tenant, bad);
            assertThat(refused.status()).as("%s: %s", bad, refused.raw()).isEqualTo(400);
            assertThat(refused.errorMessage()).contains("activity_retention_days");
        }
        assertThat(retention(tenant, 3650).status()).isEqualTo(200);
        Http.Response left = tenant.owner().http().patch("/api/v1/workspace", Map.of("name", "Strict shop 2"));
        assertThat(left.body().at("/settings/activity_retention_days").asInt()).as("left out: kept").isEqualTo(3650);
        assertThat(tenant.agent().http().patch("/api/v1/workspace", Map.of("activity_retention_days", 1)).status())
                .as("agents cannot change it").isEqualTo(403);
    }
}
