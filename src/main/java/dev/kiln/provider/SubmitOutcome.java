package dev.kiln.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * What one create call achieved, as a value: dispatch switches on it instead of reading exceptions. Which of
 * the three a failed call is comes from one rule, {@link CreateDoubt}.
 */
public sealed interface SubmitOutcome {

    /** The provider created the task. */
    record Created(TaskHandle task) implements SubmitOutcome {
        public Created {
            Objects.requireNonNull(task, "task");
        }
    }

    /**
     * Certainly no task exists: the call never left, or the provider refused it. The slot can be given back;
     * whether to submit again is {@link ProviderError#retryable()}.
     *
     * @param retryAfter how long the provider asked us to wait before calling again; null when it said nothing
     */
    record NotCreated(ProviderError error, Duration retryAfter) implements SubmitOutcome {
        public NotCreated {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The call went out and no verdict came back (timeout, reset, 5xx, an unreadable answer): a task may
     * exist. Reconcile; never submit again blindly.
     */
    record Unknown(ProviderError error) implements SubmitOutcome {
        public Unknown {
            Objects.requireNonNull(error, "error");
        }
    }

    /** A refusal carrying the provider's requested wait, if any. */
    static NotCreated notCreated(ProviderError error) {
        return new NotCreated(error, error.retryAfter());
    }
}
