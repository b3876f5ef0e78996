package org.parley.security.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.FromAddress;
import org.parley.testing.TestServer;

/**
 * Abuse and limits, per account: requests spread over many addresses (each far below the per-IP limit) are
 * still throttled per email address and per invitation. Sign-in and password reset: identity/IdentityIT.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class AccountLimitsIT {
    @Parameter
    String database;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.startWithRateLimits(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void magicLinksToOneMailboxAreThrottledFromAnyNumberOfAddresses() throws Exception {
        String victim = "inbox-" + database + "@example.com";
        List<FromAddress.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(FromAddress.post(server.baseUrl(), "127.0.1." + (i + 2), "/api/v1/customer/magic-link",
                    Map.of("email", i % 2 == 0 ? victim : victim.toUpperCase(java.util.Locale.ROOT))));
        }
        assertThat(answers.subList(0, 3)).extracting(FromAddress.Answer::status).containsOnly(202);
        assertThat(answers.subList(3, 6)).extracting(FromAddress.Answer::status).containsOnly(429);
        assertThat(Long.parseLong(answers.get(5).header("retry-after"))).isBetween(1L, 300L);
        // Another address from a fresh IP is not affected.
        assertThat(FromAddress.post(server.baseUrl(), "127.0.1.20", "/api/v1/customer/magic-link",
                Map.of("email", "someone-else-" + database + "@example.com")).status()).isEqualTo(202);
    }

    @Test
    void guessesAgainstOneInvitationAreThrottledFromAnyNumberOfAddresses() throws Exception {
        String token = "inv_guessed_" + database;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(FromAddress.post(server.baseUrl(), "127.0.2." + (i + 2), "/api/v1/invitations/accept",
                    Map.of("token", token, "name", "Mallory", "password", "guess number " + i)).status());
        }
        assertThat(statuses.subList(0, 10)).as("the burst: unknown invitation").doesNotContain(429);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
    }
}
