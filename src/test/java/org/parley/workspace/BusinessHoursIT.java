package org.parley.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/** Business hours through PATCH /api/v1/workspace (docs/bots.md): stored as sent, refused with the field named. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class BusinessHoursIT {
    private static final String HOURS = """
            {"business_hours": {"time_zone": "Europe/Paris", "days": {
                "sat": [["10:00", "13:00"]], "mon": [["14:00", "18:00"], ["09:00", "12:30"]], "sun": []}}}""";

    @Parameter
    String database;

    static TestServer server;
    TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newTenant() {
        tenant = server.tenant("Hours shop");
    }

    @Test
    void anAdminSetsBusinessHoursAndReadsThemBackNormalised() {
        Http.Response saved = tenant.owner().http().patch("/api/v1/workspace", HOURS);
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        String expected = "{\"time_zone\":\"Europe/Paris\",\"days\":{\"mon\":[[\"09:00\",\"12:30\"],[\"14:00\",\"18:00\"]],"
                + "\"sat\":[[\"10:00\",\"13:00\"]],\"sun\":[]}}";
        assertThat(saved.body().at("/settings/business_hours").toString()).isEqualTo(expected);

        Http.Response read = tenant.agent().http().get("/api/v1/workspace");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().at("/settings/business_hours").toString()).isEqualTo(expected);
        assertThat(server.wiring().workspaces.require(tenant.workspace().id()).settings().businessHours().isOpen(
                java.time.Instant.parse("2026-03-30T07:00:00Z"))).as("Monday 09:00 in Paris").isTrue();
    }

    @Test
    void otherChangesKeepTheHoursAndAnEmptyObjectRemovesThem() {
        assertThat(tenant.owner().http().patch("/api/v1/workspace", HOURS).status()).isEqualTo(200);
        Http.Response renamed = tenant.owner().http().patch("/api/v1/workspace", Map.of("greeting", "Hello"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().at("/settings/business_hours/time_zone").asText()).isEqualTo("Europe/Paris");
        Map<String, Object> explicitNull = new LinkedHashMap<>();
        explicitNull.put("business_hours", null);
        assertThat(tenant.owner().http().patch("/api/v1/workspace", explicitNull).body()
                .at("/settings/business_hours/time_zone").asText()).as("null keeps them, like every field").isEqualTo("Europe/Paris");

        Http.Response removed = tenant.owner().http().patch("/api/v1/workspace", Map.of("business_hours", Map.of()));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().at("/settings").has("business_hours")).isFalse();
        assertThat(tenant.agent().http().get("/api/v1/workspace").body().at("/settings").has("business_hours")).isFalse();
        assertThat(server.wiring().workspaces.require(tenant.workspace().id()).settings().businessHours()).isNull();
    }

    @Test
    void anUnknownTimeZoneIsRefusedAndNothingChanges() {
        assertThat(tenant.owner().http().patch("/api/v1/workspace", HOURS).status()).isEqualTo(200);
        JsonNode before = tenant.agent().http().get("/api/v1/workspace").body();
        Http.Response refused = tenant.owner().http().patch("/api/v1/workspace", Map.of("name", "Renamed", "greeting", "Changed",
                "business_hours", Map.of("time_zone", "Mars/Olympus_Mons", "days", Map.of("mon", List.of(List.of("09:00", "18:00"))))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("invalid_request");
        assertThat(refused.errorMessage()).isEqualTo("Field 'business_hours.time_zone' is not a known time zone");
        assertThat(tenant.agent().http().get("/api/v1/workspace").body()).isEqualTo(before);
    }

    @Test
    void overlappingRangesAreRefusedAndNothingChanges() {
        JsonNode before = tenant.agent().http().get("/api/v1/workspace").body();
        Http.Response refused = tenant.owner().http().patch("/api/v1/workspace", Map.of("color", "#112233",
                "business_hours", Map.of("time_zone", "Europe/Paris",
                        "days", Map.of("tue", List.of(List.of("09:00", "13:00"), List.of("12:00", "18:00"))))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).isEqualTo("Field 'business_hours.days.tue[1]' overlaps 'business_hours.days.tue[0]'");
        JsonNode after = tenant.agent().http().get("/api/v1/workspace").body();
        assertThat(after).isEqualTo(before);
        assertThat(after.at("/settings").has("business_hours")).isFalse();
    }

    @Test
    void malformedHoursAreRefusedWithTheirFieldNamed() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("[\"09:00\"]", "Field 'business_hours.days.wed[0]' must be a range of two times, like [\"09:00\", \"18:00\"]");
        bad.put("[\"18:00\", \"09:00\"]", "Field 'business_hours.days.wed[0]' must start before it ends; a range past midnight is "
                + "two ranges, [\"22:00\", \"24:00\"] on one day and [\"00:00\", \"02:00\"] on the next");
        bad.put("[\"09:00\", 18]", "Field 'business_hours.days.wed[0][1]' must be a time HH:MM, like \"09:00\"");
        bad.put("[\"24:00\", \"24:00\"]", "Field 'business_hours.days.wed[0][0]' must be a time HH:MM from 00:00 to 23:59");
        bad.forEach((range, message) -> {
            Http.Response refused = tenant.owner().http().patch("/api/v1/workspace",
                    "{\"business_hours\": {\"time_zone\": \"UTC\", \"days\": {\"wed\": [" + range + "]}}}");
            assertThat(refused.status()).as(range).isEqualTo(400);
            assertThat(refused.errorMessage()).as(range).isEqualTo(message);
        });
        Http.Response notAnObject = tenant.owner().http().patch("/api/v1/workspace", "{\"business_hours\": \"9-5\"}");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.errorMessage()).startsWith("Field 'business_hours' must be an object");
        Http.Response unknown = tenant.owner().http().patch("/api/v1/workspace",
                "{\"business_hours\": {\"time_zone\": \"UTC\", \"holidays\": []}}");
        assertThat(unknown.errorMessage()).isEqualTo("Unknown field 'business_hours.holidays'");
        assertThat(server.wiring().workspaces.require(tenant.workspace().id()).settings().businessHours()).isNull();
    }

    @Test
    void agentsMayReadButNotChangeThem() {
        Http.Response refused = tenant.agent().http().patch("/api/v1/workspace", HOURS);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(server.wiring().workspaces.require(tenant.workspace().id()).settings().businessHours()).isNull();
    }
}
