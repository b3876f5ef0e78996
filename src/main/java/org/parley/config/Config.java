package org.parley.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything Parley reads from its environment, parsed once at start. Defaults make
 * {@code java -jar parley.jar} work with nothing set.
 */
public record Config(
        int port,
        Path dataDir,
        String databaseUrl,
        String baseUrl,
        String redisUrl,
        boolean rateLimits,
        boolean seedDemo,
        String smtpUrl,
        String mailFrom,
        String vapidSubject) {

    public static Config fromEnv(Map<String, String> env) {
        int port = parsePort(env.getOrDefault("PARLEY_PORT", "8080"));
        Path dataDir = Path.of(env.getOrDefault("PARLEY_DATA_DIR", "./data"));
        String databaseUrl = env.get("PARLEY_DATABASE_URL");
        if (databaseUrl == null || databaseUrl.isBlank()) {
            databaseUrl = "jdbc:sqlite:" + dataDir.resolve("parley.db");
        }
        String baseUrl = env.getOrDefault("PARLEY_BASE_URL", "http://localhost:" + port);
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        String redisUrl = env.get("PARLEY_REDIS_URL");
        boolean rateLimits = !"off".equalsIgnoreCase(env.getOrDefault("PARLEY_RATE_LIMITS", "on"));
        boolean seedDemo = !"off".equalsIgnoreCase(env.getOrDefault("PARLEY_DEMO", "on"));
        String smtpUrl = env.get("PARLEY_SMTP_URL");
        if (smtpUrl != null && smtpUrl.isBlank()) {
            smtpUrl = null;
        }
        String host = java.net.URI.create(baseUrl).getHost();
        String mailFrom = env.getOrDefault("PARLEY_MAIL_FROM", "Parley <parley@" + (host == null ? "localhost" : host) + ">");
        // RFC 8292: push services contact the operator through this mailto: or https: URI.
        String vapidSubject = env.getOrDefault("PARLEY_VAPID_SUBJECT", "mailto:admin@" + (host == null ? "localhost" : host));
        if (!vapidSubject.startsWith("mailto:") && !vapidSubject.startsWith("https://")) {
            throw new IllegalArgumentException("PARLEY_VAPID_SUBJECT must be a mailto: or https: URI, got " + vapidSubject);
        }
        return new Config(port, dataDir, databaseUrl, baseUrl, redisUrl, rateLimits, seedDemo, smtpUrl, mailFrom,
                vapidSubject);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("PARLEY_PORT must be 0-65535, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PARLEY_PORT must be a number, got " + value);
        }
    }
}
