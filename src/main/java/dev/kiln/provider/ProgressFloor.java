package dev.kiln.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps reported progress from going backwards: a provider may answer a lower number on a later poll (another
 * backend node, a rounding change). Remembers the highest progress seen per open task, in this process, for
 * the most recent {@value #TASKS} tasks; a task's entry goes when it ends.
 */
public final class ProgressFloor {

    static final int TASKS = 10_000;

    private final Map<TaskHandle, Integer> highest = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskHandle, Integer> eldest) {
            return size() > TASKS;
        }
    };

    /** The snapshot, its progress raised to the highest this task has reported. */
    public synchronized TaskSnapshot apply(TaskSnapshot snapshot) {
        if (snapshot.state().isTerminal()) {
            highest.remove(snapshot.task());
            return snapshot;
        }
        Integer progress = snapshot.progress();
        if (progress == null) {
            return snapshot;
        }
        Integer floor = highest.merge(snapshot.task(), progress, Math::max);
        return floor.equals(progress) ? snapshot : snapshot.withProgress(floor);
    }
}
