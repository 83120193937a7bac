package dev.kiln.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * One provider error, classified. Never carries a secret: messages come from the provider's error text or
 * from the adapter, never from request headers or signed URLs.
 *
 * @param kind the class in Kiln's taxonomy
 * @param retryable whether repeating the same call (or, for {@link ErrorKind#TASK_FAILED}, submitting a new
 *     task) may succeed
 * @param retryAfter how long the provider asked us to wait; null when it said nothing
 * @param outcomeUnknown for a create call: the provider may have created the task even though we got no
 *     usable answer, so the job goes to {@code SUBMIT_UNKNOWN} and is reconciled, never blindly resubmitted
 * @param providerCode the provider's own code (e.g. {@code 10031002}, {@code NoMoreConcurrentTasks}), or the
 *     HTTP status; null when there is none
 * @param message what went wrong, for operators and events
 */
public record ProviderError(
        ErrorKind kind,
        boolean retryable,
        Duration retryAfter,
        boolean outcomeUnknown,
        String providerCode,
        String message) {

    public static ProviderError of(ErrorKind kind, boolean retryable, String providerCode, String message) {
        return new ProviderError(kind, retryable, null, false, providerCode, message);
    }

    /** A submit of a job that fails its validation: a caller bug, since intake rejects such jobs up front. */
    public static ProviderException invalidJob(String jobId) {
        return of(
                        ErrorKind.INVALID_INPUT,
                        false,
                        null,
                        "job " + jobId + " breaks the provider's rules; validate before submitting")
                .toException();
    }

    public Optional<Duration> waitBeforeRetry() {
        return Optional.ofNullable(retryAfter);
    }

    public ProviderError withOutcomeUnknown() {
        return new ProviderError(kind, retryable, retryAfter, true, providerCode, message);
    }

    public ProviderError withRetryAfter(Duration wait) {
        return new ProviderError(kind, retryable, wait, outcomeUnknown, providerCode, message);
    }

    public ProviderException toException() {
        return new ProviderException(this);
    }
}
