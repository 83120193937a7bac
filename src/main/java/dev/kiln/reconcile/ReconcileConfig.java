package dev.kiln.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Reconciliation of create calls whose outcome is unknown ({@code SUBMIT_UNKNOWN}). */
@ConfigMapping(prefix = "kiln.reconcile")
public interface ReconcileConfig {

    /**
     * How long after the unknown create call a job that is still unresolved (and no operator decided) is failed
     * with {@code SUBMIT_OUTCOME_UNKNOWN}; it is never resubmitted.
     */
    @WithDefault("10m")
    Duration decideAfter();

    /** Per provider name (e.g. {@code hunyuan3d-pro}), settings that override the ones above. */
    Map<String, ProviderRules> provider();

    /** First wait before looking again at an unresolved job; doubles on each look. */
    @WithDefault("5s")
    Duration retryMin();

    /** Longest wait between two looks at an unresolved job. */
    @WithDefault("1m")
    Duration retryMax();

    /** Tasks read from a provider's listing per look (capped by the provider's page size). */
    @WithDefault("50")
    int listSize();

    /** How far the provider's clock (its tasks' creation times) may be from Kiln's. */
    @WithDefault("10s")
    Duration clockTolerance();

    /**
     * How long after a create call started its task, if any, surely shows in the provider's listing (longer than
     * the provider client's request timeout); only then does a listing without it prove it was never created.
     */
    @WithDefault("2m")
    Duration settle();

    /** One provider's overrides. */
    interface ProviderRules {
        /** {@link ReconcileConfig#decideAfter()} for this provider. */
        Optional<Duration> decideAfter();
    }

    /** The decide-after time of {@code provider}. */
    default Duration decideAfter(String provider) {
        ProviderRules rules = provider == null ? null : provider().get(provider);
        return rules == null ? decideAfter() : rules.decideAfter().orElse(decideAfter());
    }
}
