package dev.kiln.tracking;

import dev.kiln.dispatch.Backoff;
import dev.kiln.provider.TaskState;
import java.time.Duration;

/**
 * When to read a task again: soon after it changed, then less and less often while it reports nothing new,
 * slower while it waits in the provider's queue, never slower than the provider asked, with jitter so the tasks of
 * one burst do not poll in lockstep.
 */
public final class PollSchedule {

    private final TrackConfig config;

    public PollSchedule(TrackConfig config) {
        this.config = config;
    }

    /**
     * @param state the task's state as last read
     * @param unchangedPolls reads since it last changed
     * @param providerAdvice the wait the provider asked for, or null
     */
    public Duration next(TaskState state, int unchangedPolls, Duration providerAdvice) {
        double factor = Math.pow(config.pollGrowth(), Math.min(unchangedPolls, 40));
        long millis =
                (long) Math.min(config.pollMax().toMillis(), config.pollMin().toMillis() * factor);
        if (state == TaskState.QUEUED) {
            millis = Math.min(config.pollMax().toMillis(), millis * 2);
        }
        Duration wait = Backoff.jitter(Duration.ofMillis(millis));
        return providerAdvice != null && providerAdvice.compareTo(wait) > 0 ? providerAdvice : wait;
    }
}
