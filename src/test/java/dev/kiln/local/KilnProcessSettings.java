package dev.kiln.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link KilnProcesses} starts one Kiln process: its lease timing, how long it may take to become ready, and
 * any further configuration. Immutable; start from {@link #defaults()} and change what the test needs.
 *
 * @param lease {@code kiln.work.lease}: how long a claim holds an item (short, so a dead process's work is adopted
 *     within a test's patience)
 * @param renewEvery {@code kiln.work.renew-every}, well under the lease
 * @param sweepEvery {@code kiln.work.sweep-every}: how often workers look for due work unprompted
 * @param readyWithin the deadline for {@code /q/health/ready} to answer 200 after the start
 * @param config further properties, applied last (they override anything above)
 */
public record KilnProcessSettings(
        Duration lease, Duration renewEvery, Duration sweepEvery, Duration readyWithin, Map<String, String> config) {

    public KilnProcessSettings {
        config = Map.copyOf(config);
        if (renewEvery.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("renewEvery (" + renewEvery + ") must be shorter than the lease ("
                    + lease + "), or a live process would lose its own leases");
        }
    }

    /** A 5 s lease renewed every second, sweeps every 200 ms, two minutes to become ready (2 shared cores). */
    public static KilnProcessSettings defaults() {
        return new KilnProcessSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMinutes(2), Map.of());
    }

    public KilnProcessSettings lease(Duration lease, Duration renewEvery) {
        return new KilnProcessSettings(lease, renewEvery, sweepEvery, readyWithin, config);
    }

    public KilnProcessSettings sweepEvery(Duration sweepEvery) {
        return new KilnProcessSettings(lease, renewEvery, sweepEvery, readyWithin, config);
    }

    public KilnProcessSettings readyWithin(Duration readyWithin) {
        return new KilnProcessSettings(lease, renewEvery, sweepEvery, readyWithin, config);
    }

    /** One more property, e.g. {@code with("kiln.budgets.meshy.max-in-flight", "2")}. */
    public KilnProcessSettings with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(config);
        more.put(key, value);
        return new KilnProcessSettings(lease, renewEvery, sweepEvery, readyWithin, more);
    }
}
