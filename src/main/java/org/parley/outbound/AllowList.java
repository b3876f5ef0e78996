package org.parley.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The operator's exceptions ({@code PARLEY_OUTBOUND_ALLOW}, docs/outbound.md): destinations that may be
 * reached although they are not public. Each entry is one of
 * <ul>
 *   <li>a host name, optionally with a port: {@code relay.internal}, {@code relay.internal:8080}: that
 *       name (as written in the URL) is trusted, whatever it resolves to;</li>
 *   <li>an IP address, optionally with a port: {@code 10.1.2.3}, {@code 10.1.2.3:8080},
 *       {@code [fd00::1]:8080}: that address;</li>
 *   <li>a CIDR block: {@code 10.1.0.0/16}, {@code fd00::/8}: those addresses, any port.</li>
 * </ul>
 * An entry without a port allows every port. Plain http is allowed only where an entry matches the host
 * as the URL writes it: a name entry for a host name, an address or CIDR entry for an IP literal. A name
 * that resolves into an address entry may reach it, over https.
 */
public final class AllowList {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /** {@code port} is -1 for any port; exactly one of {@code name} and {@code range} is set. */
    private record Entry(String name, AddressRanges.Range range, int port) {
    }

    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Nothing is allowed beyond public https. */
    public static AllowList none() {
        return new AllowList(List.of());
    }

    /**
     * Parses the entries (blank ones ignored).
     *
     * @throws IllegalArgumentException naming the first entry that is none of the forms above
     */
    public static AllowList parse(List<String> raw) {
        List<Entry> entries = new ArrayList<>();
        for (String text : raw) {
            String entry = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            if (!entry.isEmpty()) {
                entries.add(entry(entry));
            }
        }
        return new AllowList(entries);
    }

    /** True when some entry names the host (lower case, no trailing dot) at this port. */
    boolean allowsName(String host, int port) {
        return entries.stream().anyMatch(e -> e.name() != null && e.name().equals(host) && (e.port() == -1 || e.port() == port));
    }

    /** True when some address or CIDR entry holds the address at this port. */
    boolean allowsAddress(InetAddress address, int port) {
        byte[] bytes = address.getAddress();
        return entries.stream().anyMatch(e -> e.range() != null && e.range().contains(bytes) && (e.port() == -1 || e.port() == port));
    }

    private static Entry entry(String entry) {
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            InetAddress network = literal(entry.substring(0, slash), entry);
            int max = network.getAddress().length * 8;
            int bits = number(entry.substring(slash + 1), 0, max, entry);
            return new Entry(null, new AddressRanges.Range(entry, network.getAddress(), bits), -1);
        }
        String host = entry;
        int port = -1;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw invalid(entry);
            }
            host = entry.substring(0, close + 1);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(entry);
                }
                port = number(rest.substring(1), 1, 65535, entry);
            }
        } else if (entry.chars().filter(c -> c == ':').count() == 1) {
            int colon = entry.indexOf(':');
            host = entry.substring(0, colon);
            port = number(entry.substring(colon + 1), 1, 65535, entry);
        }
        if (host.startsWith("[") || host.contains(":") || UrlGuard.looksNumeric(host)) {
            InetAddress address = literal(host, entry);
            byte[] bytes = address.getAddress();
            return new Entry(null, new AddressRanges.Range(entry, bytes, bytes.length * 8), port);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!NAME.matcher(host).matches()) {
            throw invalid(entry);
        }
        return new Entry(host, null, port);
    }

    /** An IP literal, never a DNS lookup: dotted-quad IPv4, or IPv6 (bracketed or not). */
    private static InetAddress literal(String text, String entry) {
        if (!text.contains(":")) {
            byte[] v4 = UrlGuard.dottedQuad(text);
            if (v4 == null) {
                throw invalid(entry);
            }
            try {
                return InetAddress.getByAddress(v4);
            } catch (UnknownHostException e) {
                throw invalid(entry);
            }
        }
        String bracketed = text.startsWith("[") ? text : "[" + text + "]";
        if (bracketed.contains("%")) {
            throw invalid(entry); // a zone id names an interface, not a destination
        }
        try {
            // Brackets make the JDK parse an IPv6 literal or fail; it never looks the text up in DNS.
            return InetAddress.getByName(bracketed);
        } catch (UnknownHostException e) {
            throw invalid(entry);
        }
    }

    private static int number(String text, int min, int max, String entry) {
        if (!text.matches("[0-9]{1,5}")) {
            throw invalid(entry);
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw invalid(entry);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("PARLEY_OUTBOUND_ALLOW: '" + entry
                + "' is not a host[:port], an IP address[:port] ([v6]:port for IPv6) or a CIDR block");
    }
}
