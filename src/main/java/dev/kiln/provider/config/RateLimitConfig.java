package dev.kiln.provider.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** One adapter's request rate, per replica (the cross-replica budget is dispatch's). */
public interface RateLimitConfig {

    /** Requests per second sent to the provider. */
    @WithDefault("10")
    double requestsPerSecond();

    /** Requests that may go out at once after a quiet spell. */
    @WithDefault("5")
    int burst();

    /** A call that would wait longer than this for its turn fails as rate limited instead. */
    @WithDefault("10S")
    Duration maxWait();
}
