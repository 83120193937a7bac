package dev.kiln.work;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Leases on work in flight, under {@code kiln.work.}. */
@ConfigMapping(prefix = "kiln.work")
public interface WorkConfig {

    /** Whether this replica runs the background workers (dispatch, tracking); tests may switch them off. */
    @WithDefault("true")
    boolean enabled();

    /**
     * This replica's owner id on leases. Defaults to the host name (the pod name on Kubernetes) plus a random
     * suffix, so a restarted pod never mistakes its predecessor's leases for its own.
     */
    Optional<String> owner();

    /** How long a claim holds an item; a replica that dies loses its items to the others after this. */
    @WithDefault("20s")
    Duration lease();

    /** How often a replica renews all its leases (in one statement); well under {@link #lease()}. */
    @WithDefault("5s")
    Duration renewEvery();

    /** How often each worker looks for due work when nothing woke it (a safety net, and the next-due poll). */
    @WithDefault("500ms")
    Duration sweepEvery();

    /** Most items one claim takes. */
    @WithDefault("100")
    int claimBatch();

    /** Most items one worker of this replica handles at once (provider calls in flight). */
    @WithDefault("256")
    int concurrency();
}
