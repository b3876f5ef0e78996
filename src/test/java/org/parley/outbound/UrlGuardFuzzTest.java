package org.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The outbound URL guard (issue 11): whatever the URL's text and whatever its name resolves to, the guard
 * either refuses (OutboundRefused, never another exception) or lets through an https destination without
 * user info whose every address passes an oracle written apart from AddressRanges (the JDK's own address
 * classes plus carrier-grade NAT, 0/8 and IPv6 unique-local, which the JDK does not name).
 */
class UrlGuardFuzzTest {
    @FuzzTest
    void checkDestination(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 3);
        InetAddress[] answer = new InetAddress[count];
        for (int i = 0; i < count; i++) {
            byte[] raw = data.consumeBytes(data.consumeBoolean() ? 4 : 16);
            try {
                answer[i] = InetAddress.getByAddress("fuzzed.example", raw.length == 4 || raw.length == 16 ? raw : new byte[4]);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        UrlGuard guard = new UrlGuard(AllowList.none(), host -> answer);
        String text = data.consumeRemainingAsString();
        URI uri;
        try {
            uri = guard.checkText(text);
        } catch (OutboundRefused refused) {
            return;
        }
        assertThat(uri.getScheme()).isEqualToIgnoringCase("https"); // schemes are case-insensitive (RFC 3986)
        assertThat(uri.getRawUserInfo()).isNull();
        UrlGuard.Destination destination;
        try {
            destination = guard.checkDestination(uri);
        } catch (OutboundRefused refused) {
            return;
        }
        for (InetAddress address : destination.addresses()) {
            assertThat(publicByOracle(address)).as("let through: " + address + " for " + text).isTrue();
        }
    }

    private static boolean publicByOracle(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 && !(first == 100 && second >= 64 && second < 128) && first < 224;
    }
}
