package org.parley.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one check every server-side outbound request passes (DESIGN.md section 4b, docs/outbound.md):
 * web push today, webhooks and bot apps when they come. Without an allow-list entry a destination must be
 * {@code https}, without user info, named by a public DNS name or a public IP address, and every address
 * its name resolves to must be globally reachable ({@link AddressRanges}).
 *
 * <p>Two steps. {@link #checkText} needs no network: callers use it where a URL is stored (a visitor's
 * push endpoint) to answer 400 early. {@link #checkDestination} resolves the host and checks each address;
 * callers run it right before every request, because what a name resolves to can change after the URL
 * was stored. The HTTP client must also never follow redirects: a redirect would go to a place no one
 * checked.
 *
 * <p>DNS rebinding (a name that answers a public address to the check and a private one to the
 * connection) is limited by the JDK's address cache: {@link #checkDestination} resolves through
 * {@link InetAddress#getAllByName} (the default resolver), and a successful lookup is cached for 30 s
 * ({@code networkaddress.cache.ttl}, whatever TTL the DNS answer carried). The HTTP client, resolving
 * the same host name milliseconds later, gets that cached answer: the addresses just checked. What is
 * left is the cache entry expiring in exactly that gap. Pinning the address for real would mean
 * connecting to it ourselves (the JDK client takes no resolver); {@link GuardedHttp} does that (webhooks):
 * it runs {@link #checkDestination} as its connector's resolver and connects only to the addresses checked.
 */
public final class UrlGuard {
    /** Looks a host name up; {@link InetAddress#getAllByName} in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Where a checked URL goes: its host as written, the port it connects to, and the addresses checked. */
    public record Destination(URI uri, String host, int port, List<InetAddress> addresses) {
    }

    /** What {@link #checkText} learned: the host normalised (lower case, no brackets or trailing dot). */
    private record Target(URI uri, boolean https, String host, int port, InetAddress literal, boolean nameAllowed) {
    }

    private final AllowList allow;
    private final Resolver resolver;

    public UrlGuard(AllowList allow, Resolver resolver) {
        this.allow = allow;
        this.resolver = resolver;
    }

    /** The production guard: the system resolver and the operator's allow-list entries. */
    public static UrlGuard create(List<String> allowEntries) {
        return create(allowEntries, InetAddress::getAllByName);
    }

    /** The operator's allow-list entries with a given resolver (tests: names that resolve where they choose). */
    public static UrlGuard create(List<String> allowEntries, Resolver resolver) {
        return new UrlGuard(AllowList.parse(allowEntries), resolver);
    }

    /** {@link #checkText(URI)} of a string; a string that is no URL is refused too. */
    public URI checkText(String url) throws OutboundRefused {
        if (url == null) {
            throw new OutboundRefused("must be a URL");
        }
        try {
            URI uri = new URI(url);
            checkText(uri);
            return uri;
        } catch (URISyntaxException e) {
            throw new OutboundRefused("must be a URL");
        }
    }

    /**
     * The checks that need no DNS: scheme, user info, the form of the host, and IP literals (their
     * address is checked here). A host name passes if it could be public; only {@link #checkDestination}
     * knows.
     */
    public void checkText(URI uri) throws OutboundRefused {
        target(uri);
    }

    /**
     * Everything {@link #checkText} checks, then the host resolved and each of its addresses checked.
     * Call it right before each request, with the very URI the request is built from.
     */
    public Destination checkDestination(URI uri) throws OutboundRefused {
        Target target = target(uri);
        if (target.literal() != null) {
            return new Destination(uri, target.host(), target.port(), List.of(target.literal()));
        }
        InetAddress[] addresses;
        try {
            // The host exactly as the HTTP client will look it up, so both share the JDK's cache entry.
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException | RuntimeException e) {
            throw new OutboundRefused("host name does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new OutboundRefused("host name does not resolve");
        }
        if (!target.nameAllowed()) {
            for (InetAddress address : addresses) {
                checkAddress(address, target, "host name resolves to ");
            }
        }
        return new Destination(uri, target.host(), target.port(), List.of(addresses));
    }

    private Target target(URI uri) throws OutboundRefused {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw new OutboundRefused("must be an absolute URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new OutboundRefused("must be an https URL");
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw new OutboundRefused("must not carry user info");
        }
        // java.net.URI leaves the host null for forms it cannot read as a host name or IP address (127.1,
        // 0x7f.1, percent-encoded or non-ASCII names, underscores): refused rather than guessed at.
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundRefused("must name a host by a DNS name or an IP address");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new OutboundRefused("port must be 1-65535");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return literalTarget(uri, https, host.substring(1, host.length() - 1), ipv6(host), port);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (looksNumeric(name)) {
            byte[] quad = host.endsWith(".") ? null : dottedQuad(name);
            if (quad == null) {
                // 2130706433, 0177.0.0.1, 127.000.000.001: resolvers disagree on what these mean.
                throw new OutboundRefused("an IP address must be written as four decimal numbers (a.b.c.d)");
            }
            try {
                return literalTarget(uri, https, name, InetAddress.getByAddress(quad), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // four bytes are always an address
            }
        }
        if (allow.allowsName(name, port)) {
            return new Target(uri, https, name, port, null, true);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            throw new OutboundRefused("must not be localhost");
        }
        if (!name.contains(".")) {
            throw new OutboundRefused("must name a host by its public DNS name (a single-label name is local)");
        }
        if (!https) {
            // Plain http only where an entry names the host as the URL writes it, so this is decided here.
            throw new OutboundRefused("must be an https URL");
        }
        return new Target(uri, https, name, port, null, false);
    }

    private Target literalTarget(URI uri, boolean https, String host, InetAddress address, int port) throws OutboundRefused {
        Target target = new Target(uri, https, host, port, address, false);
        checkAddress(address, target, "address is in ");
        return target;
    }

    /**
     * An allowed address passes (at any scheme when it is the URL's literal host); otherwise it must be
     * public and the scheme https.
     */
    private void checkAddress(InetAddress address, Target target, String prefix) throws OutboundRefused {
        if (allow.allowsAddress(address, target.port())) {
            return;
        }
        Optional<String> range = AddressRanges.specialPurpose(address);
        if (range.isPresent()) {
            throw new OutboundRefused(prefix + range.get() + ", which is not reachable from outside");
        }
        if (!target.https()) {
            throw new OutboundRefused("must be an https URL");
        }
    }

    /** An IPv6 literal in brackets, parsed without DNS; a zone id ({@code %eth0}) is refused. */
    private static InetAddress ipv6(String bracketed) throws OutboundRefused {
        if (bracketed.contains("%")) {
            throw new OutboundRefused("an IPv6 address must not carry a zone id");
        }
        try {
            // With brackets the JDK parses a literal or fails; it never asks DNS.
            return InetAddress.getByName(bracketed);
        } catch (UnknownHostException e) {
            throw new OutboundRefused("must name a host by a DNS name or an IP address");
        }
    }

    /**
     * True when a resolver could read the host as a number: its last label is decimal or hex
     * ({@code 2130706433}, {@code 127.1}, {@code 0x7f.0x1}). No top-level domain is numeric.
     */
    static boolean looksNumeric(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        return last.matches("[0-9]+") || last.matches("0x[0-9a-f]*");
    }

    /** The four bytes of a canonical dotted quad (decimal, 0-255, no leading zeros), or null. */
    static byte[] dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("0|[1-9][0-9]{0,2}")) {
                return null;
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }
}
