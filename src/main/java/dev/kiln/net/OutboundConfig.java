package dev.kiln.net;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The outbound-address guard, under {@code kiln.outbound.}. */
@ConfigMapping(prefix = "kiln.outbound")
public interface OutboundConfig {

    /**
     * Hosts ({@code host} or {@code host:port}) Kiln may reach although they are internal: only for a provider
     * emulator or test server. None by default; there is no value that turns the guard off.
     */
    Optional<List<String>> allowedHosts();
}
