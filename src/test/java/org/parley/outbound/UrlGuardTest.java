package org.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound URL guard without a network: address classification on raw addresses, the text checks,
 * and resolution through a table standing in for DNS (names that answer private addresses, or a mix).
 */
class UrlGuardTest {
    /** A DNS stand-in: these names resolve, everything else is unknown. */
    private static final Map<String, List<String>> DNS = Map.of(
            "push.example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "rebind.example.com", List.of("127.0.0.1"),
            "metadata.example.com", List.of("169.254.169.254"),
            "mixed.example.com", List.of("93.184.216.34", "10.0.0.7"),
            "ula.example.com", List.of("fd12:3456::1"),
            "mapped.example.com", List.of("::ffff:192.168.1.1"),
            "relay.internal", List.of("10.1.2.3"),
            "relay-by-cidr.example.com", List.of("10.1.2.4"));

    /** Case-insensitive, a trailing dot ignored: as DNS answers. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.toLowerCase(java.util.Locale.ROOT);
        List<String> answers = DNS.get(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answers.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = ip(answers.get(i));
        }
        return addresses;
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
    }

    private static UrlGuard guard(String... allow) {
        return new UrlGuard(AllowList.parse(List.of(allow)), UrlGuardTest::resolve);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.0.1",
            "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1",
            "192.168.0.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255",
            "::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1", "2002:7f00:1::", "2002:c0a8:101::1", "fc00::1", "fd00::1", "fe80::1", "febf::1", "fec0::1",
            "ff02::1", "100::1", "2001::1", "2001:db8::1", "3fff::1", "4000::1", "1::1"})
    void specialPurposeAddressesAreNotPublic(String literal) throws Exception {
        InetAddress address = ip(literal);
        assertThat(AddressRanges.specialPurpose(address)).as(literal).isPresent();
        assertThat(AddressRanges.isPublic(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1", "126.255.255.255",
            "128.0.0.1", "169.253.255.255", "169.255.0.1", "172.15.255.255", "172.32.0.1", "192.0.1.1", "192.167.255.255",
            "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
            "2606:4700::1111", "2a00:1450:4001::200e", "2001:4860:4860::8888", "2002:808:808::1", "::ffff:8.8.8.8",
            "64:ff9b::808:808"})
    void globallyReachableAddressesArePublic(String literal) throws Exception {
        assertThat(AddressRanges.specialPurpose(ip(literal))).as(literal).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://push.example.com/x", "ftp://push.example.com/x", "file:///etc/passwd", "/relative", "mailto:a@b.example",
            "https://user@push.example.com/x", "https://user:pw@push.example.com/x",
            "https://localhost/x", "https://LOCALHOST:8443/x", "https://app.localhost/x", "https://intranet/x",
            "https://127.0.0.1/x", "https://127.0.0.1:443/x", "https://10.0.0.5/x", "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/x", "https://[::ffff:127.0.0.1]/x", "https://[0:0:0:0:0:ffff:7f00:1]/x", "https://[::127.0.0.1]/x",
            "https://[fd00::1]/x", "https://[fe80::1%25eth0]/x", "https://0.0.0.0/x", "https://0/x",
            "https://2130706433/x", "https://017700000001/x", "https://0177.0.0.1/x", "https://127.000.000.001/x",
            "https://127.1/x", "https://0x7f.1/x", "https://0x7f000001/x", "https://1.2.3.4.5/x", "https://8.8.8.8./x",
            "https://%6c%6fcalhost/x", "https://local_host/x", "https://push.example.com:0/x", "not a url", ""})
    void refusedWithoutDns(String url) {
        assertThatThrownBy(() -> guard().checkText(url)).as(url).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> guard().checkDestination(URI.create(url.replace(" ", "%20"))))
                .as(url).isInstanceOf(OutboundRefused.class);
    }

    @Test
    void refusalsSayWhyWithoutRepeatingTheUrl() {
        assertThatThrownBy(() -> guard().checkText("https://169.254.169.254/secret-path"))
                .hasMessageContaining("169.254.0.0/16").hasMessageNotContaining("secret-path");
        assertThatThrownBy(() -> guard().checkText("http://push.example.com/x")).hasMessage("must be an https URL");
        assertThatThrownBy(() -> guard().checkText("https://2130706433/x")).hasMessageContaining("four decimal numbers");
    }

    @Test
    void aPublicHttpsUrlPassesAndResolvesToTheAddressesChecked() throws Exception {
        URI uri = guard().checkText("https://push.example.com/wpush/v2/abc");
        UrlGuard.Destination destination = guard().checkDestination(uri);
        assertThat(destination.host()).isEqualTo("push.example.com");
        assertThat(destination.port()).isEqualTo(443);
        assertThat(destination.addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
        assertThatCode(() -> guard().checkDestination(URI.create("https://8.8.8.8:8443/x"))).doesNotThrowAnyException();
        assertThatCode(() -> guard().checkDestination(URI.create("https://[2606:4700::1111]/x"))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rebind.example.com", "metadata.example.com", "mixed.example.com", "ula.example.com",
            "mapped.example.com", "unknown.example.com"})
    void aNameResolvingToAnyPrivateAddressIsRefusedAtConnectTime(String host) throws Exception {
        URI uri = URI.create("https://" + host + "/x");
        assertThatCode(() -> guard().checkText(uri)).as("the text alone looks fine").doesNotThrowAnyException();
        assertThatThrownBy(() -> guard().checkDestination(uri)).isInstanceOf(OutboundRefused.class);
    }

    @Test
    void theAllowListOpensExactlyWhatItNames() throws Exception {
        UrlGuard guard = guard("127.0.0.1:4444", "relay.internal:8080", "10.1.0.0/16", "[fd12:3456::1]");
        // An address with a port: that port only, http allowed there.
        assertThatCode(() -> guard.checkDestination(URI.create("http://127.0.0.1:4444/x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkDestination(URI.create("http://127.0.0.1:4445/x"))).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> guard.checkDestination(URI.create("https://127.0.0.2:4444/x"))).isInstanceOf(OutboundRefused.class);
        // A name with a port: that name, whatever it resolves to, http allowed.
        assertThatCode(() -> guard.checkDestination(URI.create("http://relay.internal:8080/x"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkDestination(URI.create("http://RELAY.internal.:8080/x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkDestination(URI.create("http://relay.internal:8081/x"))).isInstanceOf(OutboundRefused.class);
        // A CIDR: a name resolving into it may reach it over https; http needs the host named by an entry.
        assertThatCode(() -> guard.checkDestination(URI.create("https://relay-by-cidr.example.com/x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkText("http://relay-by-cidr.example.com/x")).isInstanceOf(OutboundRefused.class);
        assertThatCode(() -> guard.checkDestination(URI.create("http://10.1.9.9:9000/x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkDestination(URI.create("https://10.2.0.1/x"))).isInstanceOf(OutboundRefused.class);
        assertThatCode(() -> guard.checkDestination(URI.create("https://ula.example.com/x"))).doesNotThrowAnyException();
        // Nothing else opens: loopback by another form, metadata, a mix.
        assertThatCode(() -> guard.checkDestination(URI.create("https://rebind.example.com:4444/x")))
                .as("a name resolving to an allowed address and port").doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkText("http://rebind.example.com:4444/x")).as("but not over http")
                .isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> guard.checkDestination(URI.create("https://metadata.example.com/x"))).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> guard.checkDestination(URI.create("https://localhost:4444/x"))).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> guard.checkDestination(URI.create("https://mixed.example.com/x"))).isInstanceOf(OutboundRefused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relay", "relay.internal:8080", "RELAY.internal", "10.0.0.1", "10.0.0.1:80", "10.0.0.0/8",
            "fd00::/8", "[fd00::1]", "[fd00::1]:8443", "fd00::1", "::ffff:10.0.0.0/8", "0.0.0.0/0"})
    void allowListEntriesParse(String entry) {
        assertThatCode(() -> AllowList.parse(List.of(entry))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://relay", "relay:", "relay:0", "relay:70000", "relay:x", "10.0.0.0/33", "fd00::/129",
            "10.0.0/8", "2130706433", "0177.0.0.1", "[fd00::1", "[fd00::1]x", "[fe80::1%eth0]", "rel ay", "*.example.com",
            "relay_host", "10.0.0.0/x"})
    void badAllowListEntriesStopTheStart(String entry) {
        assertThatThrownBy(() -> UrlGuard.create(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PARLEY_OUTBOUND_ALLOW");
    }
}
