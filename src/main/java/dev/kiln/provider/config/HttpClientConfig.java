package dev.kiln.provider.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** One adapter's HTTP client. Redirects are never followed: every hop to a provider must be checked. */
public interface HttpClientConfig {

    /** Most connections kept open to the provider's host. */
    @WithDefault("20")
    int poolSize();

    /** Most requests waiting for a free connection; beyond it a call fails fast as a provider fault. */
    @WithDefault("100")
    int maxWaitQueue();

    /** How long to wait for a TCP (and TLS) connection. */
    @WithDefault("5S")
    Duration connectTimeout();

    /** A connection (or a response) silent for this long is closed. */
    @WithDefault("30S")
    Duration idleTimeout();

    /** The longest any one call may take, end to end; then it fails as timed out. */
    @WithDefault("60S")
    Duration requestTimeout();
}
