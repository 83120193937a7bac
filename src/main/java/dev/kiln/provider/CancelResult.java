package dev.kiln.provider;

/**
 * What a cancel achieved at the provider. Kiln ends a canceled job {@code CANCELED} in every case; this says
 * what became of the provider's task, for the job's event.
 *
 * @param stopped whether the provider stopped the task
 * @param ended the task's state as the provider then reported it, when the task had already ended (a cancel
 *     that raced completion: it may have succeeded, with outputs); null otherwise
 * @param note why the task was not stopped, for a person; null when it was
 */
public record CancelResult(boolean stopped, TaskSnapshot ended, String note) {

    public static CancelResult taskStopped() {
        return new CancelResult(true, null, null);
    }

    /** The provider cannot stop tasks: the task runs to its end, unwatched. */
    public static CancelResult notStoppable(String note) {
        return new CancelResult(false, null, note);
    }

    /** The task had ended before the cancel reached it; {@code ended} says how. */
    public static CancelResult alreadyEnded(TaskSnapshot ended) {
        return new CancelResult(
                false,
                ended,
                "the provider task had already ended (" + ended.providerStatus() + ") when the cancel reached it");
    }
}
