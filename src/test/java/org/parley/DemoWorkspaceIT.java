package org.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/** What `./parley run` seeds: the Donni Charm shop, its widget and its agent's login, once. */
class DemoWorkspaceIT {
    @Test
    void theDemoShopIsSeededOnceWithAWorkingWidgetAndLogin() {
        try (TestServer server = TestServer.start("sqlite")) {
            DemoWorkspace.Seeded first = DemoWorkspace.seed(server.wiring());
            DemoWorkspace.Seeded again = DemoWorkspace.seed(server.wiring());
            assertThat(again.workspaceId()).as("a restart does not seed twice").isEqualTo(first.workspaceId());

            Http.Response config = server.http().get("/api/v1/widget/config?key=" + DemoWorkspace.WIDGET_KEY);
            assertThat(config.status()).isEqualTo(200);
            assertThat(config.body().get("workspace_name").asText()).isEqualTo(DemoWorkspace.NAME);
            assertThat(server.http().get("/demo").raw()).contains("data-workspace=\"" + DemoWorkspace.WIDGET_KEY + "\"");

            Http.Response login = server.http().post("/api/v1/auth/login",
                    Map.of("email", DemoWorkspace.AGENT_EMAIL, "password", DemoWorkspace.AGENT_PASSWORD));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body().at("/agent/role").asText()).isEqualTo("owner");

            Http donni = server.http().with("Cookie", login.header("set-cookie").split(";")[0]);
            var open = donni.get("/api/v1/conversations?status=open").body().get("conversations");
            assertThat(open).as("two open demo conversations").hasSize(2);
            assertThat(open.get(0).at("/current_page/title").asText()).as("newest first, with its page").isEqualTo("Wool snood");
            assertThat(donni.get("/api/v1/conversations?status=resolved").body().get("conversations")).hasSize(1);
            assertThat(donni.get("/api/v1/canned-responses").body().get("canned_responses")).hasSize(3);
            assertThat(donni.get("/api/v1/agents").body().get("agents").toString()).contains("Sam");
            assertThat(donni.get("/api/v1/search?q=customs").body().get("conversations")).hasSize(1);
        }
    }
}
