package org.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.Wiring;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The push pages are served from Parley's origin with the service worker's scope header and a strict
 * CSP. Until the customer app's Vite build copies web/me/public into web/dist/me (and so into the jar),
 * the test puts the files from disk on the test classpath (target/test-classes/public/me).
 */
class PushAssetsIT {
    static final String[] FILES = {"sw.js", "push.html", "push.js", "push.css"};
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // Test classes come first on the classpath: start clean so an old copy never hides the build's files.
        Path testClasses = Path.of(PushAssetsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path target = testClasses.resolve("public/me");
        for (String file : FILES) {
            Files.deleteIfExists(target.resolve(file));
        }
        if (Wiring.class.getClassLoader().getResource("public/me/sw.js") == null) {
            Files.createDirectories(target);
            for (String file : FILES) {
                Files.copy(source(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Path source(String file) {
        return Path.of("web/me/public", file);
    }

    @Test
    void theServiceWorkerMayControlMeAndIsNeverCachedLong() throws IOException {
        Http.Response sw = server.http().get("/me/sw.js");
        assertThat(sw.status()).isEqualTo(200);
        assertThat(sw.header("Service-Worker-Allowed")).isEqualTo("/me/");
        assertThat(sw.header("Content-Type")).startsWith("text/javascript");
        assertThat(sw.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(sw.raw()).isEqualTo(Files.readString(source("sw.js")));
    }

    @Test
    void thePushPageRunsOnlyParleysOwnScripts() throws IOException {
        for (String file : new String[] {"push.html", "push.js", "push.css"}) {
            Http.Response response = server.http().get("/me/" + file);
            assertThat(response.status()).as(file).isEqualTo(200);
            assertThat(response.header("Content-Security-Policy")).as(file).startsWith("default-src 'self'")
                    .contains("frame-ancestors 'none'");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.raw()).isEqualTo(Files.readString(source(file)));
        }
        String html = Files.readString(source("push.html"));
        assertThat(html).as("no inline script under the CSP").doesNotContainPattern("<script(?![^>]*\\bsrc=)");
        assertThat(server.http().get("/me/other.js").status()).isEqualTo(404);
    }
}
