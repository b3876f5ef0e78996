package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void defaultsRunOnSqliteUnderDataOnPort8080() {
        Config config = Config.fromEnv(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:" + Path.of("./data").resolve("parley.db"));
        assertThat(config.baseUrl()).isEqualTo("http://localhost:8080");
        assertThat(config.redisUrl()).isNull();
        assertThat(config.rateLimits()).isTrue();
        assertThat(config.seedDemo()).isTrue();
        assertThat(config.vapidSubject()).isEqualTo("mailto:admin@localhost");
        assertThat(config.pushDelay()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(config.emailDelay()).isEqualTo(java.time.Duration.ofSeconds(120));
        assertThat(config.replyDomain()).as("the host of the base URL").isEqualTo("localhost");
        assertThat(config.smtpListenPort()).as("no SMTP listener unless asked").isNull();
        assertThat(config.smtpListenHost()).isEqualTo("127.0.0.1");
        assertThat(config.inboundSecret()).isNull();
        assertThat(config.outboundAllow()).as("no private destination allowed unless asked").isEmpty();
    }

    @Test
    void theOutboundAllowListIsCommaSeparated() {
        Config config = Config.fromEnv(Map.of("PARLEY_OUTBOUND_ALLOW", " relay.internal:8080, ,10.1.0.0/16,[fd00::1]:443 "));
        assertThat(config.outboundAllow()).containsExactly("relay.internal:8080", "10.1.0.0/16", "[fd00::1]:443");
    }

    @Test
    void socketsPerIpDefaultsTo200AndZeroTurnsTheCapOff() {
        assertThat(Config.fromEnv(Map.of()).socketsPerIp()).isEqualTo(200);
        assertThat(Config.fromEnv(Map.of("PARLEY_SOCKETS_PER_IP", "0")).socketsPerIp()).isZero();
        assertThat(Config.fromEnv(Map.of("PARLEY_SOCKETS_PER_IP", " 5000 ")).socketsPerIp()).isEqualTo(5000);
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_SOCKETS_PER_IP", "-1")))
                .hasMessageContaining("PARLEY_SOCKETS_PER_IP");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_SOCKETS_PER_IP", "many")))
                .hasMessageContaining("PARLEY_SOCKETS_PER_IP");
    }

    @Test
    void notificationSettingsAreRead() {
        Config config = Config.fromEnv(Map.of("PARLEY_BASE_URL", "https://chat.example", "PARLEY_PUSH_DELAY", "500ms",
                "PARLEY_EMAIL_DELAY", "3m", "PARLEY_SMTP_LISTEN_PORT", "2525", "PARLEY_SMTP_LISTEN_HOST", "0.0.0.0",
                "PARLEY_INBOUND_SECRET", "s3cret"));
        assertThat(config.pushDelay()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(config.emailDelay()).isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(config.replyDomain()).isEqualTo("chat.example");
        assertThat(config.smtpListenPort()).isEqualTo(2525);
        assertThat(config.smtpListenHost()).isEqualTo("0.0.0.0");
        assertThat(config.inboundSecret()).isEqualTo("s3cret");
        assertThat(Config.fromEnv(Map.of("PARLEY_EMAIL_DELAY", "90", "PARLEY_REPLY_DOMAIN", "in.example")))
                .satisfies(c -> {
                    assertThat(c.emailDelay()).isEqualTo(java.time.Duration.ofSeconds(90));
                    assertThat(c.replyDomain()).isEqualTo("in.example");
                });
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_PUSH_DELAY", "soon"))).hasMessageContaining("PARLEY_PUSH_DELAY");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_SMTP_LISTEN_PORT", "x"))).hasMessageContaining("PARLEY_SMTP_LISTEN_PORT");
    }

    @Test
    void environmentOverridesEverything() {
        Config config = Config.fromEnv(Map.of("PARLEY_PORT", "9000", "PARLEY_DATA_DIR", "/srv/parley",
                "PARLEY_DATABASE_URL", "jdbc:postgresql://db/parley", "PARLEY_BASE_URL", "https://chat.example/",
                "PARLEY_REDIS_URL", "redis://cache:6379", "PARLEY_RATE_LIMITS", "off", "PARLEY_DEMO", "off"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db/parley");
        assertThat(config.baseUrl()).as("trailing slash trimmed").isEqualTo("https://chat.example");
        assertThat(config.redisUrl()).isEqualTo("redis://cache:6379");
        assertThat(config.rateLimits()).isFalse();
        assertThat(config.seedDemo()).isFalse();
    }

    @Test
    void vapidSubjectDefaultsToTheBaseUrlsHostAndMustBeMailtoOrHttps() {
        assertThat(Config.fromEnv(Map.of("PARLEY_BASE_URL", "https://chat.example")).vapidSubject())
                .isEqualTo("mailto:admin@chat.example");
        assertThat(Config.fromEnv(Map.of("PARLEY_VAPID_SUBJECT", "mailto:ops@shop.example")).vapidSubject())
                .isEqualTo("mailto:ops@shop.example");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_VAPID_SUBJECT", "ops@shop.example")))
                .hasMessageContaining("PARLEY_VAPID_SUBJECT");
    }

    @Test
    void aBadPortIsRefusedWithItsName() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_PORT", "eighty"))).hasMessageContaining("PARLEY_PORT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_PORT", "70000"))).hasMessageContaining("PARLEY_PORT");
    }

    @Test
    void pruningSettingsDefaultAndTurnOff() {
        assertThat(Config.fromEnv(Map.of()).retention()).isEqualTo(Config.Retention.DEFAULTS)
                .isEqualTo(new Config.Retention(java.time.Duration.ofHours(1), java.time.Duration.ofDays(7),
                        java.time.Duration.ofDays(90), java.time.Duration.ofDays(30)));
        Config.Retention set = Config.fromEnv(Map.of("PARLEY_PRUNE_EVERY", "15m", "PARLEY_EVENT_RETENTION", "2d",
                "PARLEY_ACTIVITY_RETENTION", "off", "PARLEY_QUARANTINE_RETENTION", "0")).retention();
        assertThat(set).isEqualTo(new Config.Retention(java.time.Duration.ofMinutes(15), java.time.Duration.ofDays(2),
                null, null));
        assertThat(Config.fromEnv(Map.of("PARLEY_PRUNE_EVERY", "off")).retention().pruneEvery()).isNull();
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_ACTIVITY_RETENTION", "a while")))
                .hasMessageContaining("PARLEY_ACTIVITY_RETENTION");
    }

    @Test
    void metricsAndShutdownSettingsAreRead() {
        Config defaults = Config.fromEnv(Map.of());
        assertThat(defaults.metricsToken()).as("no public metrics unless asked").isNull();
        assertThat(defaults.metricsPort()).isNull();
        assertThat(defaults.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(defaults.shutdownTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));
        Config config = Config.fromEnv(Map.of("PARLEY_METRICS_TOKEN", " t0ken ", "PARLEY_METRICS_PORT", "9464",
                "PARLEY_METRICS_HOST", "0.0.0.0", "PARLEY_SHUTDOWN_TIMEOUT", "45s"));
        assertThat(config.metricsToken()).isEqualTo("t0ken");
        assertThat(config.metricsPort()).isEqualTo(9464);
        assertThat(config.metricsHost()).isEqualTo("0.0.0.0");
        assertThat(config.shutdownTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(Config.fromEnv(Map.of("PARLEY_METRICS_TOKEN", " ")).metricsToken()).as("blank is unset").isNull();
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_METRICS_PORT", "70000"))).hasMessageContaining("PARLEY_METRICS_PORT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_SHUTDOWN_TIMEOUT", "later")))
                .hasMessageContaining("PARLEY_SHUTDOWN_TIMEOUT");
    }

    @Test
    void theWebhookRetryScheduleDefaultsToSvixsAndIsACommaList() {
        assertThat(Config.fromEnv(Map.of()).webhookRetrySchedule()).containsExactly(Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
                Duration.ofHours(10));
        assertThat(Config.fromEnv(Map.of("PARLEY_WEBHOOK_RETRY_SCHEDULE", "1s, 2s,500ms")).webhookRetrySchedule())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500));
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PARLEY_WEBHOOK_RETRY_SCHEDULE", "1s,soon")))
                .hasMessageContaining("PARLEY_WEBHOOK_RETRY_SCHEDULE");
    }
}
