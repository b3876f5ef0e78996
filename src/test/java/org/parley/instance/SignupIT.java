package org.parley.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.EnvNode;
import org.parley.testing.Http;
import org.parley.testing.MailServer;

/**
 * PARLEY_SIGNUP: closed (only the server's admins make workspaces), invite (an admin sends a sign-up link),
 * open (anyone proves an email with a link). A link creates a business once, for a new account or, with its
 * password, an existing one.
 */
class SignupIT {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void openSignupProvesTheEmailAndCreatesTheBusinessOnce(String database) throws Exception {
        try (MailServer mail = new MailServer(); Node node = Node.start(database, "open", mail)) {
            assertThat(node.site.get("/api/v1/setup").body().get("signup").asText()).isEqualTo("open");
            assertThat(node.site.post("/api/v1/signup", Map.of("email", "Bea@Boutique.example")).status()).isEqualTo(202);
            String link = MailServer.plainText(mail.awaitTo("bea@boutique.example")).lines()
                    .filter(l -> l.contains("#/signup?token=")).findFirst().orElseThrow().strip();
            String token = link.replaceAll(".*token=", "");
            Http.Response lookup = node.site.get("/api/v1/signup/lookup?token=" + token);
            assertThat(lookup.body().get("email").asText()).isEqualTo("bea@boutique.example");
            assertThat(lookup.body().get("existing_account").asBoolean()).isFalse();

            Map<String, Object> form = Map.of("token", token, "name", "Bea", "password", "bea's long password",
                    "business_name", "Bea's Boutique", "site_url", "https://boutique.example");
            Http.Response done = node.site.post("/api/v1/signup/complete", form);
            assertThat(done.status()).as(done.raw()).isEqualTo(201);
            Http bea = node.site.with("Cookie", done.header("set-cookie").split(";")[0]);
            Http.Response me = bea.get("/api/v1/auth/me");
            assertThat(me.body().at("/agent/role").asText()).isEqualTo("owner");
            assertThat(me.body().at("/server_admin").asBoolean()).isFalse();
            assertThat(me.body().at("/can_create_workspace").asBoolean()).as("an owner, sign-up open").isTrue();
            assertThat(node.site.post("/api/v1/signup/complete", form).status()).as("a link works once").isEqualTo(404);
            assertThat(node.site.get("/api/v1/signup/lookup?token=su_guessed").status()).isEqualTo(404);

            // A second link for the same person: her existing account gains a second business, after her password.
            node.site.post("/api/v1/signup", Map.of("email", "bea@boutique.example"));
            String second = node.tokenFrom(mail, "bea@boutique.example", link);
            assertThat(node.site.get("/api/v1/signup/lookup?token=" + second).body().get("existing_account").asBoolean()).isTrue();
            Map<String, Object> again = new HashMap<>(form);
            again.put("token", second);
            again.put("business_name", "Bea's Second Shop");
            again.put("password", "not her password");
            assertThat(node.site.post("/api/v1/signup/complete", again).status()).isEqualTo(401);
            again.put("password", "bea's long password");
            assertThat(node.site.post("/api/v1/signup/complete", again).status()).isEqualTo(201);
            assertThat(bea.get("/api/v1/auth/me").body().get("workspaces")).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed", "invite"})
    void withoutOpenSignupStrangersCannotAskForALink(String mode) throws Exception {
        try (MailServer mail = new MailServer(); Node node = Node.start("sqlite", mode, mail)) {
            Http.Response refused = node.site.post("/api/v1/signup", Map.of("email", "eve@evil.example"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("signup_closed");

            Http.Response setup = node.site.post("/api/v1/setup", Map.of("name", "Ada", "email", "ada@host.example",
                    "password", "the admin's long password", "business_name", "Host", "site_url", "https://host.example"));
            Http admin = node.site.with("Cookie", setup.header("set-cookie").split(";")[0]);
            Http.Response invited = admin.post("/api/v1/admin/signup-invitations", Map.of("email", "cid@cafe.example"));
            if (mode.equals("closed")) {
                assertThat(invited.status()).isEqualTo(403);
            } else {
                assertThat(invited.status()).isEqualTo(201);
                String token = invited.body().get("url").asText().replaceAll(".*token=", "");
                assertThat(MailServer.plainText(mail.awaitTo("cid@cafe.example"))).contains(token);
                assertThat(node.site.post("/api/v1/signup/complete", Map.of("token", token, "name", "Cid",
                        "password", "cid's long password", "business_name", "Cafe", "site_url", "https://cafe.example"))
                        .status()).isEqualTo(201);
            }
        }
    }

    /** A node with this PARLEY_SIGNUP mode, sending its email to {@code mail}. */
    private record Node(EnvNode env, Http site) implements AutoCloseable {
        static Node start(String database, String signup, MailServer mail) {
            EnvNode env = EnvNode.start(database, Map.of("PARLEY_SIGNUP", signup, "PARLEY_SMTP_URL", mail.url()));
            return new Node(env, env.site());
        }

        /** The token of the newest sign-up email to {@code to} other than {@code previousLink}'s. */
        String tokenFrom(MailServer mail, String to, String previousLink) throws InterruptedException {
            for (int i = 0; i < 100; i++) {
                String link = MailServer.plainText(mail.awaitTo(to)).lines().filter(l -> l.contains("#/signup?token="))
                        .findFirst().orElseThrow().strip();
                if (!link.equals(previousLink)) {
                    return link.replaceAll(".*token=", "");
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no second sign-up email");
        }

        @Override
        public void close() {
            env.close();
        }
    }
}
