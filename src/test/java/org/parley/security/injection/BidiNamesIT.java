package org.parley.security.injection;

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

/**
 * Injection and rendering: a name that carries bidi controls would reorder what agents and customers see
 * ("Eve\u202Egnp.exe" shows as "Eveexe.png"). Every route that takes a name stores it without them.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class BidiNamesIT {
    private static final String SPOOF = "Eve\u202Egnp.exe\u2066x\u2069";
    private static final String CLEAN = "Evegnp.exex";

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Bidi shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void aVisitorsNameFromIdentifyLosesItsBidiControls() {
        TestServer.Visitor visitor = server.visitor(tenant);
        Http.Response identify = visitor.http().patch("/api/v1/visitor/contact", Map.of("name", SPOOF));
        assertThat(identify.status()).isEqualTo(200);
        assertThat(identify.body().at("/contact/name").asText()).isEqualTo(CLEAN);
        Http.Response seen = tenant.agent().http().get("/api/v1/contacts/" + visitor.contactId());
        assertThat(seen.raw()).contains(CLEAN).doesNotContain("\\u202e", "\u202E", "\\u2066", "\u2066");
    }

    @Test
    void anAgentsAndAWorkspacesNameLoseTheirsToo() {
        Http.Response me = tenant.agent().http().patch("/api/v1/auth/me", Map.of("name", SPOOF));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().at("/agent/name").asText()).isEqualTo(CLEAN);

        Http.Response workspace = tenant.owner().http().patch("/api/v1/workspace", Map.of("name", "Shop\u202D\nLine"));
        assertThat(workspace.status()).isEqualTo(200);
        assertThat(workspace.raw()).contains("\"Shop Line\"");
    }

    @Test
    void aNameOfOnlyControlsIsRefusedLikeAnEmptyOne() {
        Http.Response me = tenant.agent().http().patch("/api/v1/auth/me", Map.of("name", "\u202E\u2067"));
        assertThat(me.status()).isEqualTo(400);
    }
}
