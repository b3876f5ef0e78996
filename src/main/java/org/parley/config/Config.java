package org.parley.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
        String vapidSubject,
        Duration pushDelay,
        Duration emailDelay,
        String replyDomain,
        Integer smtpListenPort,
        String smtpListenHost,
        String inboundSecret,
        boolean devOutbox,
        DemoShop demoShop,
        Signup signup,
        int socketsPerIp,
        List<String> outboundAllow,
        Retention retention,
        String metricsToken,
        Integer metricsPort,
        String metricsHost,
        Duration shutdownTimeout,
        List<Duration> webhookRetrySchedule,
        FileStorage files) {

    /**
     * Files in conversations (docs/files.md): bytes per file and per workspace, and where the bytes live: the data
     * directory's {@code files/} unless {@code s3Bucket} is set (PARLEY_S3_*), then an S3-compatible object store.
     */
    public record FileStorage(long maxFileBytes, long workspaceQuotaBytes, String s3Bucket, String s3Endpoint,
                              String s3Region, String s3AccessKey, String s3SecretKey, boolean s3PathStyle) {
        public static final FileStorage DEFAULTS = new FileStorage(10L << 20, 5L << 30, null, null, null, null, null, false);

        public boolean s3() {
            return s3Bucket != null;
        }
    }

    /** Waits before each webhook retry (PARLEY_WEBHOOK_RETRY_SCHEDULE, docs/webhooks.md): Svix's, about 27 h in all. */
    public static final List<Duration> DEFAULT_WEBHOOK_RETRIES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    /**
     * Who may create workspaces beside the server's admins (docs/operations.md): {@code closed} (nobody),
     * {@code invite} (whoever a server admin sends a sign-up link), {@code open} (anyone who proves an email).
     */
    public enum Signup { CLOSED, INVITE, OPEN }

    /**
     * Pruning (docs/operations.md): how often the prune job runs ({@code null}: never) and how long
     * agent resume events, raw visitor activity and quarantined inbound emails are kept ({@code null}: forever).
     */
    public record Retention(Duration pruneEvery, Duration events, Duration activity, Duration quarantine) {
        public static final Retention DEFAULTS = new Retention(Duration.ofHours(1), Duration.ofDays(7),
                Duration.ofDays(90), Duration.ofDays(30));
    }

    /**
     * The demo shop at {@code /demo}: {@code off} (no such page), {@code demo} (the demo workspace's widget
     * only, the default while the demo is seeded) or {@code any} ({@code ?workspace=KEY} embeds any
     * workspace's widget: for development and the browser tests, never for a public server).
     */
    public enum DemoShop { OFF, DEMO, ANY }

    /**
     * WebSockets one client address may hold at once (docs/limits-connections.md): a whole office behind
     * one NAT (its agents with a few inbox tabs each, its people on the customer's site) stays far below
     * 200; one address holding 300 idle sockets does not. Raise it (or 0: no cap) behind a proxy, where
     * every client has the proxy's address.
     */
    public static final int DEFAULT_SOCKETS_PER_IP = 200;

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
        Duration pushDelay = parseDuration("PARLEY_PUSH_DELAY", env.getOrDefault("PARLEY_PUSH_DELAY", "15s"));
        Duration emailDelay = parseDuration("PARLEY_EMAIL_DELAY", env.getOrDefault("PARLEY_EMAIL_DELAY", "120s"));
        String replyDomain = blankToNull(env.get("PARLEY_REPLY_DOMAIN"));
        if (replyDomain == null) {
            replyDomain = host == null ? "localhost" : host;
        }
        String listenPort = blankToNull(env.get("PARLEY_SMTP_LISTEN_PORT"));
        Integer smtpListenPort = listenPort == null ? null : parsePort("PARLEY_SMTP_LISTEN_PORT", listenPort);
        String smtpListenHost = env.getOrDefault("PARLEY_SMTP_LISTEN_HOST", "127.0.0.1");
        String inboundSecret = blankToNull(env.get("PARLEY_INBOUND_SECRET"));
        // Destinations outbound requests (web push) may reach although they are not public (docs/outbound.md).
        List<String> outboundAllow = Arrays.stream(env.getOrDefault("PARLEY_OUTBOUND_ALLOW", "").split(","))
                .map(String::strip).filter(entry -> !entry.isEmpty()).toList();
        int socketsPerIp = parseCount("PARLEY_SOCKETS_PER_IP", env.getOrDefault("PARLEY_SOCKETS_PER_IP",
                String.valueOf(DEFAULT_SOCKETS_PER_IP)));
        return new Config(port, dataDir, databaseUrl, baseUrl, redisUrl, rateLimits, seedDemo, smtpUrl, mailFrom,
                vapidSubject, pushDelay, emailDelay, replyDomain, smtpListenPort, smtpListenHost, inboundSecret,
                "on".equalsIgnoreCase(env.getOrDefault("PARLEY_DEV_OUTBOX", "off")),
                parseDemoShop(env.getOrDefault("PARLEY_DEMO_SHOP", seedDemo ? "demo" : "off")),
                parseSignup(env.getOrDefault("PARLEY_SIGNUP", "closed")), socketsPerIp, outboundAllow, parseRetention(env),
                blankToNull(env.get("PARLEY_METRICS_TOKEN")), optionalPort(env, "PARLEY_METRICS_PORT"),
                env.getOrDefault("PARLEY_METRICS_HOST", "127.0.0.1"),
                parseDuration("PARLEY_SHUTDOWN_TIMEOUT", env.getOrDefault("PARLEY_SHUTDOWN_TIMEOUT", "20s")),
                parseSchedule(env.get("PARLEY_WEBHOOK_RETRY_SCHEDULE")), parseFileStorage(env));
    }

    private static FileStorage parseFileStorage(Map<String, String> env) {
        long maxFile = parseBytes("PARLEY_FILE_MAX_SIZE", env.getOrDefault("PARLEY_FILE_MAX_SIZE", "10MB"));
        long quota = parseBytes("PARLEY_FILE_QUOTA", env.getOrDefault("PARLEY_FILE_QUOTA", "5GB"));
        String bucket = blankToNull(env.get("PARLEY_S3_BUCKET"));
        String endpoint = blankToNull(env.get("PARLEY_S3_ENDPOINT"));
        if (bucket == null && endpoint != null) {
            throw new IllegalArgumentException("PARLEY_S3_ENDPOINT is set but PARLEY_S3_BUCKET is not");
        }
        if (bucket != null && (blankToNull(env.get("PARLEY_S3_ACCESS_KEY")) == null
                || blankToNull(env.get("PARLEY_S3_SECRET_KEY")) == null)) {
            throw new IllegalArgumentException("PARLEY_S3_BUCKET is set: PARLEY_S3_ACCESS_KEY and PARLEY_S3_SECRET_KEY are needed too");
        }
        return new FileStorage(maxFile, quota, bucket, endpoint, env.getOrDefault("PARLEY_S3_REGION", "us-east-1"),
                blankToNull(env.get("PARLEY_S3_ACCESS_KEY")), blankToNull(env.get("PARLEY_S3_SECRET_KEY")),
                !"off".equalsIgnoreCase(env.getOrDefault("PARLEY_S3_PATH_STYLE", endpoint != null ? "on" : "off")));
    }

    /** A size such as 10MB, 512KB, 5GB or a number of bytes. */
    static long parseBytes(String name, String value) {
        var m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(value.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(name + " must be a size such as 10MB, 512KB or 5GB, got " + value);
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static Signup parseSignup(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "closed" -> Signup.CLOSED;
            case "invite" -> Signup.INVITE;
            case "open" -> Signup.OPEN;
            default -> throw new IllegalArgumentException("PARLEY_SIGNUP must be closed, invite or open, got " + value);
        };
    }

    private static Retention parseRetention(Map<String, String> env) {
        Retention d = Retention.DEFAULTS;
        return new Retention(optionalDuration(env, "PARLEY_PRUNE_EVERY", d.pruneEvery()),
                optionalDuration(env, "PARLEY_EVENT_RETENTION", d.events()),
                optionalDuration(env, "PARLEY_ACTIVITY_RETENTION", d.activity()),
                optionalDuration(env, "PARLEY_QUARANTINE_RETENTION", d.quarantine()));
    }

    /** A duration, or {@code off} (or 0) for null: never prune, keep forever. */
    private static Duration optionalDuration(Map<String, String> env, String name, Duration fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        Duration d = "off".equalsIgnoreCase(value) ? Duration.ZERO : parseDuration(name, value);
        return d.isZero() ? null : d;
    }

    private static Integer optionalPort(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        return value == null ? null : parsePort(name, value);
    }

    private static DemoShop parseDemoShop(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "off" -> DemoShop.OFF;
            case "demo" -> DemoShop.DEMO;
            case "any" -> DemoShop.ANY;
            default -> throw new IllegalArgumentException("PARLEY_DEMO_SHOP must be off, demo or any, got " + value);
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code 15s}, {@code 2m}, {@code 1h}, {@code 7d}, {@code 500ms}, or a plain number of seconds. */
    /** A comma list of durations such as {@code 1s,2s,3s}, at most 20; absent or blank: the default. */
    static List<Duration> parseSchedule(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_WEBHOOK_RETRIES;
        }
        List<Duration> schedule = Arrays.stream(value.split(",")).map(String::strip)
                .map(v -> parseDuration("PARLEY_WEBHOOK_RETRY_SCHEDULE", v)).toList();
        if (schedule.size() > 20) {
            throw new IllegalArgumentException("PARLEY_WEBHOOK_RETRY_SCHEDULE has at most 20 waits, got " + schedule.size());
        }
        return schedule;
    }

    static Duration parseDuration(String name, String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 15s, 2m, 7d or 120, got " + value);
        }
    }

    /** A whole number, 0 or more. */
    private static int parseCount(String name, String value) {
        try {
            int count = Integer.parseInt(value.strip());
            if (count < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
    }

    private static int parsePort(String value) {
        return parsePort("PARLEY_PORT", value);
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0-65535, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
    }
}
