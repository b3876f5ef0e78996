package org.parley.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} / {@code --name=value} options, flags and positional arguments, checked per command. */
record AdminArguments(Map<String, List<String>> values, Set<String> flags, List<String> positional) {
    private static final Map<String, Set<String>> VALUES = Map.of(
            "create-owner", Set.of("email", "name", "workspace", "origin"),
            "reset-password", Set.of("email"),
            "rollup", Set.of("from", "to", "workspace"));
    private static final Map<String, Integer> POSITIONAL = Map.of("backup", 1);

    static AdminArguments parse(String command, String[] args) {
        if (!Set.of("create-owner", "reset-password", "list-workspaces", "backup", "migrate", "prune",
                "rollup").contains(command)) {
            throw new AdminCli.Usage("unknown command '" + command + "'");
        }
        Set<String> allowed = VALUES.getOrDefault(command, Set.of());
        boolean passwordFlag = Set.of("create-owner", "reset-password").contains(command);
        Map<String, List<String>> values = new HashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("password")) {
                throw new AdminCli.Usage("passwords are never arguments: give it on standard input");
            }
            if (passwordFlag && name.equals("password-stdin") && value == null) {
                flags.add(name);
                continue;
            }
            if (!allowed.contains(name)) {
                throw new AdminCli.Usage("unknown option --" + name + " for " + command);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new AdminCli.Usage("--" + name + " needs a value");
                }
                value = args[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        int expected = POSITIONAL.getOrDefault(command, 0);
        if (positional.size() != expected) {
            throw new AdminCli.Usage(command + (expected == 0 ? " takes no arguments" : " takes " + expected + " argument(s)")
                    + ", got " + positional.size());
        }
        AdminArguments options = new AdminArguments(values, flags, positional);
        for (String required : command.equals("create-owner") ? List.of("email", "name", "workspace")
                : command.equals("reset-password") ? List.of("email") : List.<String>of()) {
            options.require(required);
        }
        return options;
    }

    String require(String name) {
        List<String> given = values.getOrDefault(name, List.of());
        if (given.size() != 1 || given.get(0).isBlank()) {
            throw new AdminCli.Usage("--" + name + " is required once");
        }
        return given.get(0);
    }

    /** An optional {@code YYYY-MM-DD} option given at most once; null when absent. */
    java.time.LocalDate date(String name) {
        if (all(name).isEmpty()) {
            return null;
        }
        String value = require(name);
        try {
            return java.time.LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new AdminCli.Usage("--" + name + " must be a date YYYY-MM-DD, got '" + value + "'");
        }
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
