package dev.kiln.net;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.util.List;

/** Finds every address a host name has. Tests replace it to map a name to any address without DNS. */
@FunctionalInterface
public interface OutboundResolver {

    Uni<List<InetAddress>> resolve(String host);

    /**
     * The JVM's resolver (hosts file, search domains, DNS: what the system would connect to), on a worker
     * thread because it blocks. Its own timeouts (resolv.conf) bound a lookup.
     */
    static OutboundResolver system(Vertx vertx) {
        return host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }
}
