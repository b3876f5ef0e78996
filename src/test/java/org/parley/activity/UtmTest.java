package org.parley.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server reads a page view's utm from its URL (the loader no longer sends it). */
class UtmTest {
    @Test
    void theKnownUtmParametersOfTheUrlDecodedAndCut() {
        assertThat(ActivityService.utmOf("https://shop.example/?utm_source=news&utm_campaign=winter+sale&x=1&utm_medium=e%2Dmail"))
                .isEqualTo(Map.of("source", "news", "campaign", "winter sale", "medium", "e-mail"));
        assertThat(ActivityService.utmOf("https://shop.example/?utm_term=" + "t".repeat(300)).get("term")).hasSize(200);
    }

    @Test
    void unknownEmptyRepeatedAndMalformedParametersAreLeftOut() {
        assertThat(ActivityService.utmOf("https://shop.example/")).isNull();
        assertThat(ActivityService.utmOf("https://shop.example/?utm_bogus=1&utm_source=&utm_content")).isNull();
        assertThat(ActivityService.utmOf("https://shop.example/?utm_source=first&utm_source=second"))
                .isEqualTo(Map.of("source", "first"));
        assertThat(ActivityService.utmOf("https://shop.example/?utm_source=%zz&utm_medium=ok")).isEqualTo(Map.of("medium", "ok"));
    }
}
