package dev.kiln.net;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where Kiln itself fetches a URL (input images, and the storage stage's downloads): the URL must pass the
 * {@link OutboundPolicy}, every address its name resolves to must be public (unless the host is
 * allowlisted), the connection goes to the very address that was checked (no second lookup a DNS answer
 * could change in between), and a redirect is refused rather than followed, since its target was never
 * checked. The Host header and TLS server name stay the URL's host, so virtual hosts and certificates work.
 */
public final class OutboundGuard {
    private final HttpClient client;
    private final OutboundPolicy policy;
    private final OutboundResolver resolver;

    public OutboundGuard(HttpClient client, OutboundPolicy policy, OutboundResolver resolver) {
        this.client = client;
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * Sends a request without a body (GET, HEAD) to the URL and gives back its response, whatever its status
     * but a redirect. Fails with {@link OutboundRefusedException} when the URL, an address of its host or a
     * redirect is refused; any other failure (no such host, no connection) is the network's.
     *
     * @param options method, headers and timeouts; host, port, TLS, URI and redirects are the guard's
     */
    public Uni<HttpClientResponse> send(String url, RequestOptions options) {
        return Uni.createFrom().deferred(() -> {
            OutboundUrl target = policy.check(url);
            return address(target).chain(address -> request(target, address, options));
        });
    }

    private Uni<InetAddress> address(OutboundUrl target) {
        if (target.literal()) {
            try {
                return Uni.createFrom().item(InetAddress.getByAddress(target.address()));
            } catch (UnknownHostException impossible) {
                return Uni.createFrom().failure(impossible); // only thrown for a wrong array length
            }
        }
        boolean allowlisted = policy.allowlisted(target);
        return resolver.resolve(target.host()).map(addresses -> checked(target, addresses, allowlisted));
    }

    /** The address to connect to; every one of them is judged, so a round-robin answer cannot slip one in. */
    private static InetAddress checked(OutboundUrl target, List<InetAddress> addresses, boolean allowlisted) {
        if (addresses.isEmpty()) {
            throw new IllegalStateException("the host " + target.host() + " has no address");
        }
        if (!allowlisted) {
            for (InetAddress address : addresses) {
                Optional<String> reason = ForbiddenAddresses.reason(address.getAddress());
                if (reason.isPresent()) {
                    throw new OutboundRefusedException("the URL's host " + target.host() + " resolves to "
                            + HostLiterals.format(address.getAddress()) + ", " + reason.get());
                }
            }
        }
        return addresses.get(0);
    }

    private Uni<HttpClientResponse> request(OutboundUrl target, InetAddress address, RequestOptions options) {
        RequestOptions exact = new RequestOptions(options)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, target.port())))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.scheme().equals("https"))
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false);
        return client.request(exact).chain(request -> request.send()).map(response -> {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                String location = response.getHeader("Location");
                // The body is not wanted: drop the stream, and the reset's own error with it (it is the cause).
                response.exceptionHandler(ignored -> {});
                response.request().reset();
                throw new OutboundRefusedException("the URL answered HTTP " + status + ", a redirect"
                        + where(target, location) + "; Kiln follows no redirects");
            }
            return response;
        });
    }

    /** Where a redirect points, as far as it is safe to repeat: the origin, not a signed path or query. */
    private String where(OutboundUrl from, String location) {
        if (location == null || location.isEmpty()) {
            return "";
        }
        if (location.startsWith("/") && !location.startsWith("//")) {
            return " to another path on " + from.origin();
        }
        try {
            OutboundUrl to = OutboundUrl.parse(location);
            Optional<String> refusal = policy.refusal(location);
            return " to " + to.origin()
                    + refusal.map(r -> " (" + r.replaceFirst("^the URL ", "it ") + ")")
                            .orElse("");
        } catch (OutboundRefusedException unreadable) {
            return " to a URL that " + unreadable.reason().replaceFirst("^the URL ", "");
        }
    }
}
