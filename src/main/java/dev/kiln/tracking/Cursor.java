package dev.kiln.tracking;

import dev.kiln.job.JobState;
import dev.kiln.work.WorkItem;
import java.time.Instant;

/**
 * Where one task's reports stand as this replica applies them: the job's version and state after the last write,
 * the progress last announced, and whether the step is over. A stream applies its messages one after another,
 * each from the cursor the one before left.
 *
 * @param item the claimed item
 * @param version the job's version now
 * @param state the job's state now
 * @param announced the progress last announced, or null
 * @param announcedAt when, or null
 * @param unchangedPolls reads since the task last changed
 * @param finished the step is over (the item has left tracking)
 */
public record Cursor(
        WorkItem item,
        long version,
        JobState state,
        Integer announced,
        Instant announcedAt,
        int unchangedPolls,
        boolean finished) {

    static Cursor at(WorkItem item) {
        return new Cursor(
                item,
                item.job().version(),
                JobState.valueOf(item.job().state()),
                item.progress(),
                item.progressAt(),
                item.polls(),
                false);
    }

    Cursor moved(long newVersion, JobState newState) {
        return new Cursor(item, newVersion, newState, announced, announcedAt, 0, finished);
    }

    Cursor announcing(int progress, Instant at) {
        return new Cursor(item, version, state, progress, at, 0, finished);
    }

    Cursor unchanged() {
        return new Cursor(item, version, state, announced, announcedAt, unchangedPolls + 1, finished);
    }

    Cursor over() {
        return new Cursor(item, version, state, announced, announcedAt, unchangedPolls, true);
    }
}
