package dev.kiln.emulator.task;

/** Told about each phase change, in order, on a Vert.x event loop, after the store's lock is released. */
@FunctionalInterface
public interface TaskListener {
    void onPhaseChange(EmulatedTask task, TaskPhase from, TaskPhase to);
}
