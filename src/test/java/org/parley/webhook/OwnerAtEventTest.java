package org.parley.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.http.Json;

/** The owner of a thread at each event of a batch, from the current owner and the handovers logged since. */
class OwnerAtEventTest {
    static final JsonNode HUMANS = Json.tree("{\"type\":\"humans\"}");
    static final JsonNode FLOW = Json.tree("{\"type\":\"flow\",\"id\":\"f1\",\"version\":2}");
    static final JsonNode APP = Json.tree("{\"type\":\"app\",\"id\":\"a1\"}");

    @Test
    void withoutLaterHandoversTheOwnerIsTheCurrentOne() {
        OwnerAtEvent owners = new OwnerAtEvent(Map.of("c1", APP), List.of());
        assertThat(owners.at("c1", 5)).isEqualTo(APP);
        assertThat(owners.at("unknown", 5)).isNull();
    }

    @Test
    void theOwnerAtAnEventIsTheFromOfTheFirstHandoverLoggedAfterIt() {
        // Log: 10 message (flow owns), 11 handover flow -> app, 12 message, 13 handover app -> humans, 14 message.
        OwnerAtEvent owners = new OwnerAtEvent(Map.of("c1", HUMANS, "c2", FLOW), List.of(
                new OwnerAtEvent.Handover(13, "c1", APP), new OwnerAtEvent.Handover(11, "c1", FLOW)));
        assertThat(owners.at("c1", 10)).isEqualTo(FLOW);
        assertThat(owners.at("c1", 11)).as("the handover itself: its 'to'").isEqualTo(APP);
        assertThat(owners.at("c1", 12)).isEqualTo(APP);
        assertThat(owners.at("c1", 13)).isEqualTo(HUMANS);
        assertThat(owners.at("c1", 14)).isEqualTo(HUMANS);
        assertThat(owners.at("c2", 12)).as("another conversation's handovers do not count").isEqualTo(FLOW);
    }

    @Test
    void anAppsWebhookBodyCarriesTheOwnerAtTheEventAndStandby() {
        OwnerAtEvent owners = new OwnerAtEvent(Map.of("c1", HUMANS), List.of(new OwnerAtEvent.Handover(13, "c1", APP)));
        WebhookFanOut.LoggedEvent mine = new WebhookFanOut.LoggedEvent(12, "c1", "message.created", "{\"seq\":3}", 0);
        WebhookFanOut.LoggedEvent later = new WebhookFanOut.LoggedEvent(14, "c1", "message.created", "{\"seq\":4}", 0);
        JsonNode active = Json.tree(WebhookFanOut.body(mine, "a1", owners));
        assertThat(active.get("type").asText()).isEqualTo("message.created");
        assertThat(active.get("timestamp").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(active.at("/data/seq").asInt()).isEqualTo(3);
        assertThat(active.get("thread_owner")).isEqualTo(APP);
        assertThat(active.get("standby").asBoolean()).isFalse();
        JsonNode standby = Json.tree(WebhookFanOut.body(later, "a1", owners));
        assertThat(standby.get("thread_owner")).isEqualTo(HUMANS);
        assertThat(standby.get("standby").asBoolean()).isTrue();
        assertThat(Json.tree(WebhookFanOut.body(mine, "other-app", owners)).get("standby").asBoolean()).isTrue();
        JsonNode plain = Json.tree(WebhookFanOut.body(mine, null, owners));
        assertThat(plain.has("thread_owner")).as("an admin's webhook gets the plain envelope").isFalse();
        assertThat(plain.has("standby")).isFalse();
        assertThat(WebhookFanOut.ownerJson("app:a1")).isEqualTo(APP);
        assertThat(WebhookFanOut.ownerJson("flow:f1:2")).isEqualTo(FLOW);
        assertThat(WebhookFanOut.ownerJson("humans")).isEqualTo(HUMANS);
    }
}
