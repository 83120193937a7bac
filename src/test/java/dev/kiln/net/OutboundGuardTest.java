package dev.kiln.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.http.HttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resolving guard against a real HTTP server on loopback, with a resolver that maps names to any address
 * (no DNS): it judges every address a name resolves to, connects to the one it checked, and follows no redirect.
 */
class OutboundGuardTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;
    /** The Host header of every request the server saw. */
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    /** Every name the guard asked the resolver for. */
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    hosts.add(request.getHeader("Host"));
                    switch (request.path()) {
                        case "/to-metadata" -> request.response()
                                .setStatusCode(302)
                                .putHeader("Location", "http://169.254.169.254/latest/meta-data/")
                                .endAndForget();
                        case "/to-same-host" -> request.response()
                                .setStatusCode(301)
                                .putHeader("Location", "/cat.png")
                                .endAndForget();
                        default -> request.response()
                                .putHeader("Content-Type", "image/png")
                                .endAndForget("png");
                    }
                })
                .listenAndAwait(0, "127.0.0.1");
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() {
        client.closeAndAwait();
        vertx.closeAndAwait();
    }

    private int port() {
        return server.actualPort();
    }

    private OutboundGuard guard(List<String> allowed, Map<String, String> names) {
        OutboundResolver resolver = host -> {
            lookups.add(host);
            String address = names.get(host);
            if (address == null) {
                return Uni.createFrom().failure(new UnknownHostException(host));
            }
            return Uni.createFrom().item(() -> List.of(address.split(",")).stream()
                    .map(OutboundGuardTest::literal)
                    .toList());
        };
        return new OutboundGuard(client, new OutboundPolicy(OutboundAllowlist.of(allowed)), resolver);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // an address literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpClientResponse get(OutboundGuard guard, String url) {
        return guard.send(url, new RequestOptions().setMethod(HttpMethod.GET))
                .await()
                .atMost(WAIT);
    }

    @Test
    void aNameThatResolvesToAPrivateAddressIsRefusedBeforeAnyConnection() {
        OutboundGuard guard = guard(List.of(), Map.of("images.example.com", "10.0.0.5"));

        assertThatThrownBy(() -> get(guard, "https://images.example.com/cat.png"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("images.example.com resolves to 10.0.0.5")
                .hasMessageContaining("RFC 1918");
        assertThat(lookups).containsExactly("images.example.com");
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsForbidden() {
        // A public address first, loopback second: the guard must not stop at the first answer.
        OutboundGuard guard = guard(List.of(), Map.of("cdn.example.com", "93.184.215.14,127.0.0.1"));

        assertThatThrownBy(() -> get(guard, "http://cdn.example.com:" + port() + "/cat.png"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("resolves to 127.0.0.1, a loopback address");
        assertThat(hosts).isEmpty();
    }

    @Test
    void aNameThatResolvesToAnIpv4MappedLoopbackIsRefused() {
        OutboundGuard guard = guard(List.of(), Map.of("mapped.example.com", "::ffff:127.0.0.1"));

        assertThatThrownBy(() -> get(guard, "http://mapped.example.com:" + port() + "/cat.png"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("loopback");
        assertThat(hosts).isEmpty();
    }

    @Test
    void aLexicallyForbiddenUrlIsRefusedWithoutALookup() {
        OutboundGuard guard = guard(List.of(), Map.of());

        assertThatThrownBy(() -> get(guard, "http://0x7f.1:" + port() + "/cat.png"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("points to 127.0.0.1, a loopback address");
        assertThatThrownBy(() -> get(guard, "http://printer.local/cat.png"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining(".local");
        assertThat(lookups).isEmpty();
        assertThat(hosts).isEmpty();
    }

    @Test
    void itConnectsToTheAddressItCheckedAndKeepsTheHostName() {
        // images.test exists nowhere in DNS: reaching the server proves the guard connected to the address it
        // resolved and checked, not to a second lookup of the name.
        OutboundGuard guard = guard(List.of("images.test"), Map.of("images.test", "127.0.0.1"));

        // The body is read in the same chain: once the response has ended, a late body() would miss it.
        String body = guard.send("http://images.test:" + port() + "/cat.png?sig=abc", new RequestOptions())
                .chain(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    return response.body();
                })
                .await()
                .atMost(WAIT)
                .toString();

        assertThat(body).isEqualTo("png");
        assertThat(hosts).containsExactly("images.test:" + port());
        assertThat(lookups).containsExactly("images.test");
    }

    @Test
    void anAllowlistedLiteralIsReachedWithoutALookup() {
        OutboundGuard guard = guard(List.of("127.0.0.1:" + port()), Map.of());

        assertThat(get(guard, "http://127.0.0.1:" + port() + "/cat.png").statusCode())
                .isEqualTo(200);
        assertThat(lookups).isEmpty();
    }

    @Test
    void aRedirectToThePrivateNetworkIsRefusedNotFollowed() {
        OutboundGuard guard = guard(List.of("127.0.0.1:" + port()), Map.of());

        assertThatThrownBy(() -> get(guard, "http://127.0.0.1:" + port() + "/to-metadata"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("HTTP 302")
                .hasMessageContaining("http://169.254.169.254")
                .hasMessageContaining("link-local")
                .hasMessageContaining("follows no redirects")
                .message()
                .doesNotContain("meta-data");
        assertThat(hosts).as("only the first hop was requested").hasSize(1);
    }

    @Test
    void evenARedirectOnTheSameHostIsRefused() {
        OutboundGuard guard = guard(List.of("127.0.0.1:" + port()), Map.of());

        assertThatThrownBy(() -> get(guard, "http://127.0.0.1:" + port() + "/to-same-host"))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("HTTP 301")
                .hasMessageContaining("another path on http://127.0.0.1:" + port());
        assertThat(hosts).hasSize(1);
    }

    @Test
    void anUnknownNameIsANetworkFailureNotARefusal() {
        OutboundGuard guard = guard(List.of(), Map.of());

        assertThatThrownBy(() -> get(guard, "https://nowhere.example.com/cat.png"))
                .isNotInstanceOf(OutboundRefusedException.class)
                .hasCauseInstanceOf(UnknownHostException.class);
    }
}
