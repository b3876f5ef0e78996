package org.parley.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;

/** Signing a customer in as a person does: ask for a magic link, take it from the email, open it. */
final class CustomerITSupport {
    private CustomerITSupport() {
    }

    static Http signIn(TestServer server, MailServer mail, String email) {
        Http site = server.http().with("Origin", server.baseUrl());
        int before = mail.to(email).size();
        assertThat(site.post("/api/v1/customer/magic-link", Map.of("email", email)).status()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 10_000;
        while (mail.to(email).size() <= before && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        String token = MailServer.extract(mail.awaitTo(email), "/me#/signin\\?token=([A-Za-z0-9_-]+)");
        Http.Response session = site.post("/api/v1/customer/session", Map.of("token", token));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        return site.with("Cookie", session.header("set-cookie").split(";")[0]);
    }
}
