package dev.kiln.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Submission, under {@code kiln.dispatch.}. */
@ConfigMapping(prefix = "kiln.dispatch")
public interface DispatchConfig {

    /** Create calls for one step before a job that keeps being refused (faults, rate limits) fails. */
    @WithDefault("8")
    int maxAttempts();

    /** The first retry's delay; each further one doubles, up to {@link #retryMax()}, with ±25 % jitter. */
    @WithDefault("2s")
    Duration retryBase();

    @WithDefault("5m")
    Duration retryMax();

    /** How long an account is paused after a capacity refusal that named no wait. */
    @WithDefault("5s")
    Duration capacityPause();

    /** How long an account is paused after it ran out of credits or refused our credentials. */
    @WithDefault("10m")
    Duration accountTroublePause();

    /** How long after a create call's outcome became unknown the reconciler first looks. */
    @WithDefault("5s")
    Duration reconcileAfter();
}
