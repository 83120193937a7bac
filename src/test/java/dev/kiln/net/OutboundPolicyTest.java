package dev.kiln.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The address matrix of issue 7, item 3, through the lexical check: every spelling, refused and accepted. */
class OutboundPolicyTest {
    private final OutboundPolicy strict = OutboundPolicy.strict();

    /** Each URL with a word its refusal must contain, so a URL refused for the wrong reason fails. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            # loopback, in every spelling of 127.0.0.1
            http://127.0.0.1/x.png                  | loopback
            https://127.0.0.1:8443/x.png            | loopback
            http://127.255.255.254/                 | loopback
            http://2130706433/x.png                 | loopback
            http://0177.0.0.1/x.png                 | loopback
            http://0x7f.1/x.png                     | loopback
            http://0x7F000001/                      | loopback
            http://0x7f.0.0.1/                      | loopback
            http://127.1/                           | loopback
            http://127.0.1/                         | loopback
            http://0177.0x0.1/                      | loopback
            http://017700000001/                    | loopback
            http://127.0.0.1./                      | loopback
            http://%31%32%37.0.0.1/                 | loopback
            http://１２７.０.０.１/                  | loopback
            http://127。0。0。1/                     | loopback
            http://[::1]/                           | loopback
            http://[0:0:0:0:0:0:0:1]:8080/          | loopback
            # names that resolve only locally
            http://localhost/                       | localhost
            http://LOCALHOST:8080/                  | localhost
            http://localhost./                      | localhost
            http://api.localhost/                   | localhost
            http://%6c%6f%63%61%6c%68%6f%73%74/     | localhost
            http://ｌｏｃａｌｈｏｓｔ/                | localhost
            http://printer.local/                   | .local
            http://metadata.google.internal/        | .internal
            http://nas.home.arpa/                   | .arpa
            http://db.localdomain/                  | .localdomain
            http://intranet/                        | single-label
            http://metadata/computeMetadata/v1/     | single-label
            # private (RFC 1918), in several spellings
            http://10.0.0.5/                        | RFC 1918
            http://10.1/                            | RFC 1918
            http://167772161/                       | RFC 1918
            http://012.0.0.1/                       | RFC 1918
            http://172.16.0.1/                      | RFC 1918
            http://172.31.255.255/                  | RFC 1918
            http://192.168.1.1/                     | RFC 1918
            http://0xc0.0xa8.1.1/                   | RFC 1918
            http://192.168.257/                     | RFC 1918
            # link-local and the cloud metadata service
            http://169.254.169.254/latest/meta-data | metadata
            http://0xa9fea9fe/                      | metadata
            http://2852039166/                      | metadata
            http://0251.0376.0251.0376/             | metadata
            http://169.254.43518/                   | metadata
            http://[fe80::1]/                       | link-local
            http://[febf::1]/                       | link-local
            # carrier-grade NAT
            http://100.64.0.1/                      | carrier-grade
            http://100.127.255.255/                 | carrier-grade
            # unique-local IPv6
            http://[fc00::1]/                       | unique-local
            http://[fd12:3456:789a::1]/             | unique-local
            # IPv4-mapped, -compatible, -translated, NAT64 and 6to4 wrappers of forbidden IPv4
            http://[::ffff:127.0.0.1]/              | IPv4-mapped
            http://[::ffff:7f00:1]/                 | IPv4-mapped
            http://[::FFFF:169.254.169.254]/        | metadata
            http://[::ffff:10.0.0.1]/               | RFC 1918
            http://[::127.0.0.1]/                   | IPv4-compatible
            http://[::7f00:1]/                      | loopback
            http://[::ffff:0:127.0.0.1]/            | IPv4-translated
            http://[64:ff9b::a9fe:a9fe]/            | NAT64
            http://[2002:7f00:1::]/                 | 6to4
            # unspecified
            http://0.0.0.0/                         | this network
            http://0/                               | this network
            http://0x0/                             | this network
            http://[::]/                            | unspecified
            http://[0:0:0:0:0:0:0:0]/               | unspecified
            # multicast, broadcast and reserved ranges
            http://224.0.0.1/                       | multicast
            http://239.255.255.250/                 | multicast
            http://255.255.255.255/                 | broadcast
            http://4294967295/                      | broadcast
            http://240.0.0.1/                       | reserved
            http://0.1.2.3/                         | this network
            http://192.0.0.8/                       | IETF protocol
            http://198.18.0.1/                      | benchmarking
            http://198.19.255.255/                  | benchmarking
            http://192.88.99.1/                     | 6to4 relay
            http://[ff02::1]/                       | multicast
            http://[fec0::1]/                       | site-local
            http://[100::1]/                        | global unicast
            http://[2001::1]/                       | special-purpose
            # documentation ranges
            http://192.0.2.1/                       | documentation
            http://198.51.100.7/                    | documentation
            http://203.0.113.9/                     | documentation
            http://[2001:db8::1]/                   | documentation
            # user-info, in any form
            https://user:pass@example.com/a.png     | user information
            https://example.com@127.0.0.1/a.png     | user information
            https://@example.com/a.png              | user information
            # zone ids name an interface
            http://[fe80::1%25eth0]/                | zone id
            http://[2606:4700::1111%25eth0]/        | zone id
            # other schemes
            ftp://example.com/a.png                 | http or https
            file:///etc/passwd                      | http or https
            gopher://127.0.0.1:6379/_INFO           | http or https
            # what has no single reading
            http:/127.0.0.1/                        | must start with
            http://example.com\\@127.0.0.1/         | backslash
            http://1.2.3.4.5/                       | not a valid IPv4
            http://08.0.0.1/                        | not a valid IPv4
            http://256.256.256.256/                 | not a valid IPv4
            http://4294967296/                      | not a valid IPv4
            http://example.com%2f@x/                | user information
            http://exa%mple.com/                    | percent-encoding
            http://[::1/                            | unclosed
            http://[12345::]/                       | not a valid IPv6
            http://[1:2:3:4:5:6:7:8:9]/             | not a valid IPv6
            http://example.com:99999/               | invalid port
            http://example.com:0/                   | invalid port
            http:///a.png                           | no host
            """)
    void refusesUrlsThatPointInside(String url, String because) {
        assertThat(strict.refusal(url)).as(url).hasValueSatisfying(reason -> assertThat(reason)
                .containsIgnoringCase(because));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "https://example.com/a.png",
                "https://images.example.com/chair.png?sig=abc&exp=1700000000",
                "HTTPS://Example.COM/a.png",
                "https://example.com./a.png",
                "http://example.com:8080/a.png",
                "https://example.com",
                "https://example.com?x=1",
                "https://example.com/a.png#@127.0.0.1",
                "https://example.com/@127.0.0.1/",
                "https://cdn_images.example.com/a.png",
                "https://bücher.example/a.png",
                "http://8.8.8.8/a.png",
                "http://134744072/a.png",
                "http://0x8.0x8.0x8.0x8/",
                "https://1.1.1.1/",
                "https://172.32.0.1/",
                "https://100.128.0.1/",
                "https://169.255.0.1/",
                "https://[2606:4700::1111]/a.png",
                "https://[2001:4860:4860::8888]/",
                "https://[::ffff:8.8.8.8]/",
                "https://[2a00:1450:4001:80b::200e]:8443/a.png"
            })
    void acceptsPublicUrls(String url) {
        assertThat(strict.refusal(url)).as(url).isEmpty();
    }

    @Test
    void readsEverySpellingAsTheSameCanonicalHost() {
        for (String url : List.of(
                "http://127.0.0.1/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/", "http://127.1/")) {
            assertThat(OutboundUrl.parse(url).host()).as(url).isEqualTo("127.0.0.1");
        }
        assertThat(OutboundUrl.parse("http://[0:0:0:0:0:ffff:7f00:1]/").host()).isEqualTo("::ffff:7f00:1");
        assertThat(OutboundUrl.parse("https://[2606:4700:0:0:0:0:0:1111]/").host())
                .isEqualTo("2606:4700::1111");
        OutboundUrl url = OutboundUrl.parse("HTTPS://Images.Example.COM./a/b.png?sig=x#frag");
        assertThat(url.scheme()).isEqualTo("https");
        assertThat(url.host()).isEqualTo("images.example.com");
        assertThat(url.port()).isEqualTo(443);
        assertThat(url.pathAndQuery()).isEqualTo("/a/b.png?sig=x");
        assertThat(OutboundUrl.parse("http://example.com?x").pathAndQuery()).isEqualTo("/?x");
    }

    @Test
    void allowlistedHostsPassOnTheirPortOnly() {
        OutboundPolicy policy =
                new OutboundPolicy(OutboundAllowlist.of(List.of("127.0.0.1:8090", " images.test ", "[::1]:9000")));

        assertThat(policy.refusal("http://127.0.0.1:8090/x.png")).isEmpty();
        assertThat(policy.refusal("http://0x7f.1:8090/x.png"))
                .as("another spelling of the entry")
                .isEmpty();
        assertThat(policy.refusal("http://127.0.0.1:8091/x.png")).isPresent();
        assertThat(policy.refusal("http://127.0.0.1/x.png")).isPresent();
        assertThat(policy.refusal("http://images.test:1234/x.png"))
                .as("a host entry allows any port")
                .isEmpty();
        assertThat(policy.refusal("http://[::1]:9000/")).isEmpty();
        assertThat(policy.refusal("http://[::1]:9001/")).isPresent();
        assertThat(policy.refusal("http://user@127.0.0.1:8090/x.png"))
                .as("user-info is refused even on an allowlisted host")
                .hasValueSatisfying(r -> assertThat(r).contains("user information"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", "http://127.0.0.1", "user@host", "exa mple", "[::1"})
    void anAllowlistEntryThatIsNotAHostFailsAtStart(String entry) {
        assertThatThrownBy(() -> OutboundAllowlist.of(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kiln.outbound.allowed-hosts");
    }
}
