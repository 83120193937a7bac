package dev.kiln.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Following provider tasks, under {@code kiln.tracking.}. */
@ConfigMapping(prefix = "kiln.tracking")
public interface TrackConfig {

    /** The first poll's delay after a change; each unchanged poll waits {@link #pollGrowth()} times longer. */
    @WithDefault("1s")
    Duration pollMin();

    /** The longest wait between two polls of a task that reports no change. */
    @WithDefault("30s")
    Duration pollMax();

    @WithDefault("1.5")
    double pollGrowth();

    /** Whether tasks are followed over SSE where the provider offers it (polling otherwise, and as fallback). */
    @WithDefault("true")
    boolean stream();

    /**
     * How long one replica follows one stream before it lets go and claims the task again: bounds how late it
     * sees a cancel or deadline, since a held item is not claimed by anyone else.
     */
    @WithDefault("15s")
    Duration streamSession();

    /** At most one progress event per job this often. */
    @WithDefault("2s")
    Duration progressEvery();

    /** Progress announced only when it moved at least this many points (0–100) since the last announcement. */
    @WithDefault("5")
    int progressStep();

    /**
     * A task that reports no change for this long fails with TRACKING_TIMEOUT. The providers document their
     * longest tasks at well under an hour (see the provider sheets).
     */
    @WithDefault("45m")
    Duration silenceTimeout();
}
