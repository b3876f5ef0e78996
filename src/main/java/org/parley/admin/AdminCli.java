package org.parley.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.parley.analytics.RollupJob;
import org.parley.config.Config;
import org.parley.identity.Agent;
import org.parley.identity.AgentService;
import org.parley.identity.PasswordResetService;
import org.parley.retention.Pruner;
import org.parley.storage.Database;
import org.parley.workspace.WorkspaceService;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar parley.jar admin <command>} (docs/operations.md): operator commands on the
 * database the server uses (same PARLEY_DATABASE_URL / PARLEY_DATA_DIR), also while it runs. Exit codes:
 * 0 done, 1 failed (one line on stderr), 2 bad usage. Passwords come from standard input, never from
 * arguments (they would show in the process list and the shell history).
 */
public final class AdminCli {
    /** What the commands use: a node wired as the server's (by Wiring) but never started. */
    public record Services(Database database, WorkspaceService workspaces, AgentService agents,
                           PasswordResetService resets, Pruner pruner, RollupJob rollups, Runnable closer)
            implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }

    /** A failure to report on one line (exit 1). */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** Bad usage (exit 2). */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    static final String USAGE = """
            usage: parley admin <command>
              create-owner --email E --name N --workspace NAME [--origin https://shop.example]... [--password-stdin]
              reset-password --email E [--password-stdin]
              list-workspaces
              backup FILE          (SQLite; on PostgreSQL use pg_dump)
              migrate
              prune
              rollup [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--workspace ID]   (UTC days, both included)
            Passwords are read from standard input. The database comes from PARLEY_DATABASE_URL or PARLEY_DATA_DIR.""";

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<Config, Services> wiring;

    public AdminCli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                    Function<Config, Services> wiring) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.wiring = wiring;
    }

    /** Runs one command; returns the exit code. */
    public int run(String... args) {
        try {
            if (args.length == 0) {
                throw new Usage("a command is required");
            }
            if (Set.of("help", "--help", "-h").contains(args[0])) {
                out.println(USAGE);
                return 0;
            }
            AdminArguments options = AdminArguments.parse(args[0], Arrays.copyOfRange(args, 1, args.length));
            Config config = Config.fromEnv(env);
            switch (args[0]) {
                case "create-owner" -> createOwner(config, options);
                case "reset-password" -> resetPassword(config, options);
                case "list-workspaces" -> listWorkspaces(config);
                case "backup" -> backup(config, Path.of(options.positional().get(0)));
                case "migrate" -> migrate(config);
                case "prune" -> prune(config);
                case "rollup" -> rollup(config, options);
                default -> throw new Usage("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (Usage e) {
            err.println("parley admin: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("parley admin: " + message.strip().lines().findFirst().orElse(e.toString()));
            return 1;
        }
    }

    private void createOwner(Config config, AdminArguments options) {
        String password = password(options, "Password for the owner");
        try (Services services = open(config, true)) {
            OwnerCreation.Created created = new OwnerCreation(services.database(), services.workspaces(), services.agents())
                    .create(options.require("workspace"), options.all("origin"), options.require("email"),
                            options.require("name"), password);
            out.println("workspace " + created.workspace().id() + " \"" + created.workspace().name() + "\"");
            out.println("widget key " + created.workspace().widgetKey());
            out.println("owner " + created.owner().email() + " (agent " + created.owner().id() + ")");
        }
    }

    private void resetPassword(Config config, AdminArguments options) {
        String email = options.require("email");
        String password = password(options, "New password for " + email);
        try (Services services = open(config, false)) {
            Agent agent = services.resets().resetByOperator(email, password);
            out.println("password of " + agent.email() + " changed; all their sessions ended"
                    + (agent.active() ? "" : " (note: this agent is deactivated and still cannot sign in)"));
        }
    }

    private void listWorkspaces(Config config) {
        try (Services services = open(config, false)) {
            out.println("id\tname\twidget_key\tagents\tcreated");
            for (var row : services.workspaces().listAll()) {
                out.println(String.join("\t", row.workspace().id(), row.workspace().name(), row.workspace().widgetKey(),
                        String.valueOf(row.agents()), Instant.ofEpochMilli(row.workspace().createdAt()).toString()));
            }
        }
    }

    private void backup(Config config, Path target) throws IOException, java.sql.SQLException {
        if (Database.dialectOf(config.databaseUrl()) != Database.Dialect.SQLITE) {
            throw new Failure("backup copies SQLite databases only; for PostgreSQL use pg_dump "
                    + "(e.g. pg_dump -Fc -f parley.dump DBNAME; see docs/operations.md)");
        }
        Path source = existingSqliteFile(config);
        long size = SqliteBackup.backup(config.databaseUrl(), target);
        out.println("backed up " + source + " to " + target + " (" + size + " bytes)");
    }

    private void migrate(Config config) throws IOException {
        createSqliteDirectory(config);
        int before = Database.schemaState(config.databaseUrl(), null).applied();
        Database.open(config.databaseUrl(), null).close();
        Database.SchemaState after = Database.schemaState(config.databaseUrl(), null);
        out.println("schema at version " + after.current() + " (" + (after.applied() - before) + " migrations applied now)");
    }

    private void prune(Config config) {
        try (Services services = open(config, false)) {
            services.pruner().pruneOnce().forEach((kind, rows) -> out.println(kind + "\t" + rows));
        }
    }

    /** Recomputes the report rollups of every hour with raw rows in the span, through the server's RollupJob. */
    private void rollup(Config config, AdminArguments options) {
        LocalDate from = options.date("from");
        LocalDate to = options.date("to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new Usage("--from " + from + " is after --to " + to);
        }
        long fromMillis = from == null ? 0 : from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long toMillis = to == null ? Long.MAX_VALUE : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String workspace = options.all("workspace").isEmpty() ? null : options.require("workspace");
        try (Services services = open(config, false)) {
            if (workspace != null && services.workspaces().listAll().stream().noneMatch(w -> w.workspace().id().equals(workspace))) {
                throw new Failure("no workspace " + workspace + " (see list-workspaces)");
            }
            long started = System.nanoTime();
            int hours = services.rollups().rebuild(workspace, fromMillis, toMillis);
            out.printf(java.util.Locale.ROOT, "recomputed %d hours with raw rows (activity and conversations) of %s, %s to %s, in %.1f s%n",
                    hours, workspace == null ? "every workspace" : "workspace " + workspace,
                    from == null ? "the first" : from.toString(), to == null ? "the last" : to.toString(),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * The server's services on this database. Never upgrades a used database (a newer jar would migrate it
     * under a running older server): pending migrations are refused with a pointer to {@code migrate}.
     * Only {@code create-owner} may start a fresh one (first setup before the first start).
     */
    private Services open(Config config, boolean mayCreate) {
        if (mayCreate) {
            try {
                createSqliteDirectory(config);
            } catch (IOException e) {
                throw new Failure("cannot create the data directory: " + e.getMessage());
            }
        } else {
            existingSqliteFile(config);
        }
        Database.SchemaState state = Database.schemaState(config.databaseUrl(), null);
        if (state.applied() == 0 && !mayCreate) {
            throw new Failure("the database has no Parley schema yet: start the server or run 'parley admin migrate' first");
        }
        if (state.applied() > 0 && !state.pending().isEmpty()) {
            throw new Failure("the database schema is older than this Parley (pending migrations " + state.pending()
                    + "): back it up, then run 'parley admin migrate' (docs/operations.md, upgrades)");
        }
        return wiring.apply(config);
    }

    private static Path existingSqliteFile(Config config) {
        Path file = sqliteFile(config.databaseUrl());
        if (file != null && !Files.isRegularFile(file)) {
            throw new Failure("no database at " + file + " (set PARLEY_DATA_DIR or PARLEY_DATABASE_URL as for the server)");
        }
        return file;
    }

    private static void createSqliteDirectory(Config config) throws IOException {
        Path file = sqliteFile(config.databaseUrl());
        if (file != null && file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL, or null for PostgreSQL. */
    static Path sqliteFile(String jdbcUrl) {
        if (Database.dialectOf(jdbcUrl) != Database.Dialect.SQLITE) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        rest = query >= 0 ? rest.substring(0, query) : rest;
        return Path.of(rest.startsWith("file:") ? rest.substring("file:".length()) : rest);
    }

    /**
     * The password: typed twice without echo at a terminal, else the first line of standard input
     * ({@code --password-stdin} forces that, for scripts).
     */
    private String password(AdminArguments options, String prompt) {
        java.io.Console console = System.console();
        if (in == System.in && console != null && !options.flag("password-stdin")) {
            char[] first = console.readPassword("%s: ", prompt);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new Failure("the two passwords differ");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new Failure("no password on standard input (one line, e.g. printf '%s\\n' \"$PASSWORD\" | parley admin ...)");
            }
            return line;
        } catch (IOException e) {
            throw new Failure("cannot read the password: " + e.getMessage());
        }
    }

    /** Admin output is the command's: log lines go to stderr, warnings and errors only. */
    public static void logToStandardError() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
            root.iteratorForAppenders().forEachRemaining(appender -> {
                if (appender instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
        }
    }
}
