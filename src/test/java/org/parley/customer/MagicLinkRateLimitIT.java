package org.parley.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/** With rate limits on (production), one IP gets a small burst of magic-link requests, then 429. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class MagicLinkRateLimitIT {
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
    void magicLinkRequestsAreRateLimitedPerIp() {
        Http site = server.http().with("Origin", server.baseUrl());
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            var response = site.post("/api/v1/customer/magic-link", Map.of("email", "rl" + i + "@example.com"));
            int status = response.status();
            if (status == 202) {
                accepted++;
            } else if (status == 429) {
                limited++;
                // One token every 10 s: the answer says how long to wait.
                assertThat(Long.parseLong(response.header("retry-after"))).as("Retry-After").isBetween(1L, 10L);
            }
        }
        assertThat(accepted).as("the burst").isEqualTo(5);
        assertThat(limited).isEqualTo(7);
    }
}
