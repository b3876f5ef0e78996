package org.parley.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses an outbound request may reach without an allow-list entry: the globally reachable
 * ones. Checked on the raw bytes, not with {@code InetAddress.isSiteLocalAddress} and friends, which
 * miss CGNAT, IPv6 unique-local and the ranges that embed an IPv4 address. IPv6 is allowed only inside
 * global unicast (2000::/3), so a range nobody thought of stays refused.
 */
public final class AddressRanges {
    /** IPv4 ranges that are not globally reachable (IANA special-purpose registry, RFC 6890 and successors). */
    private static final Range[] IPV4 = {
            new Range("0.0.0.0/8 (this network)", v4(0, 0, 0, 0), 8),
            new Range("10.0.0.0/8 (private)", v4(10, 0, 0, 0), 8),
            new Range("100.64.0.0/10 (carrier-grade NAT)", v4(100, 64, 0, 0), 10),
            new Range("127.0.0.0/8 (loopback)", v4(127, 0, 0, 0), 8),
            new Range("169.254.0.0/16 (link-local, cloud metadata)", v4(169, 254, 0, 0), 16),
            new Range("172.16.0.0/12 (private)", v4(172, 16, 0, 0), 12),
            new Range("192.0.0.0/24 (IETF protocol assignments)", v4(192, 0, 0, 0), 24),
            new Range("192.0.2.0/24 (documentation)", v4(192, 0, 2, 0), 24),
            new Range("192.88.99.0/24 (6to4 relay anycast)", v4(192, 88, 99, 0), 24),
            new Range("192.168.0.0/16 (private)", v4(192, 168, 0, 0), 16),
            new Range("198.18.0.0/15 (benchmarking)", v4(198, 18, 0, 0), 15),
            new Range("198.51.100.0/24 (documentation)", v4(198, 51, 100, 0), 24),
            new Range("203.0.113.0/24 (documentation)", v4(203, 0, 113, 0), 24),
            new Range("224.0.0.0/4 (multicast)", v4(224, 0, 0, 0), 4),
            new Range("240.0.0.0/4 (reserved, broadcast)", v4(240, 0, 0, 0), 4),
    };

    /** Inside 2000::/3, the IPv6 ranges that are not globally reachable. */
    private static final Range[] IPV6_GLOBAL_EXCEPTIONS = {
            new Range("2001::/23 (IETF protocol assignments, Teredo)", v6(0x2001, 0), 23),
            new Range("2001:db8::/32 (documentation)", v6(0x2001, 0x0db8), 32),
            new Range("3fff::/20 (documentation)", v6(0x3fff, 0), 20),
    };

    private AddressRanges() {
    }

    /**
     * The special-purpose range {@code address} lies in, as a short label such as
     * {@code "127.0.0.0/8 (loopback)"}, or empty when the address is globally reachable. IPv4 addresses
     * embedded in IPv6 (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4
     * address they carry; IPv4-compatible ::/96 and everything outside 2000::/3 are refused outright.
     */
    public static Optional<String> specialPurpose(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (!(address instanceof Inet6Address) || b.length != 16) {
            return Optional.of("unknown address family");
        }
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ipv4(slice(b, 12)).map(r -> "IPv4-mapped " + r);
        }
        if (isZero(b, 0, 12)) {
            return Optional.of("::/96 (unspecified, loopback, IPv4-compatible)");
        }
        if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (isZero(b, 4, 12)) {
                return ipv4(slice(b, 12)).map(r -> "NAT64 " + r);
            }
            return Optional.of("64:ff9b:1::/48 (local NAT64)");
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return ipv4(slice(b, 2)).map(r -> "6to4 " + r);
        }
        if ((b[0] & 0xe0) != 0x20) {
            return Optional.of(ipv6OutsideGlobal(b));
        }
        for (Range range : IPV6_GLOBAL_EXCEPTIONS) {
            if (range.contains(b)) {
                return Optional.of(range.label());
            }
        }
        return Optional.empty();
    }

    /** True when {@code address} is globally reachable: no special-purpose range holds it. */
    public static boolean isPublic(InetAddress address) {
        return specialPurpose(address).isEmpty();
    }

    private static Optional<String> ipv4(byte[] b) {
        for (Range range : IPV4) {
            if (range.contains(b)) {
                return Optional.of(range.label());
            }
        }
        return Optional.empty();
    }

    private static String ipv6OutsideGlobal(byte[] b) {
        int first = b[0] & 0xff;
        if (first == 0xff) {
            return "ff00::/8 (multicast)";
        }
        if ((first & 0xfe) == 0xfc) {
            return "fc00::/7 (unique local)";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "fe80::/10 (link-local)";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "fec0::/10 (site-local)";
        }
        return "outside 2000::/3 (not global unicast)";
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    private static byte[] v6(int first, int second) {
        byte[] b = new byte[16];
        b[0] = (byte) (first >>> 8);
        b[1] = (byte) first;
        b[2] = (byte) (second >>> 8);
        b[3] = (byte) second;
        return b;
    }

    /** A prefix: the first {@code bits} bits of {@code network}; also used for allow-list CIDRs. */
    record Range(String label, byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
