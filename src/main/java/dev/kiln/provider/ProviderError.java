package dev.kiln.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * One provider error, classified. Never carries a secret: messages come from the provider's error text or
 * from the adapter, never from request headers or signed URLs. Whether a failed create left a task behind is
 * not the error's to say: {@link CreateDoubt} decides it into a {@link SubmitOutcome}.
 *
 * @param kind the class in Kiln's taxonomy
 * @param retryable whether repeating the same call (or, for {@link ErrorKind#TASK_FAILED}, submitting a new
 *     task) may succeed
 * @param retryAfter how long the provider asked us to wait; null when it said nothing
 * @param providerCode the provider's own code (e.g. {@code 10031002}, {@code NoMoreConcurrentTasks}), or the
 *     HTTP status; null when there is none
 * @param message what went wrong, for operators and events
 */
public record ProviderError(
        ErrorKind kind, boolean retryable, Duration retryAfter, String providerCode, String message) {

    public static ProviderError of(ErrorKind kind, boolean retryable, String providerCode, String message) {
        return new ProviderError(kind, retryable, null, providerCode, message);
    }

    /** A submit of a job that fails its validation: a caller bug, since intake rejects such jobs up front. */
    public static ProviderError invalidJob(String jobId) {
        return of(
                ErrorKind.INVALID_INPUT,
                false,
                null,
                "job " + jobId + " breaks the provider's rules; validate before submitting");
    }

    public Optional<Duration> waitBeforeRetry() {
        return Optional.ofNullable(retryAfter);
    }

    public ProviderError withRetryAfter(Duration wait) {
        return new ProviderError(kind, retryable, wait, providerCode, message);
    }

    public ProviderException toException() {
        return new ProviderException(this);
    }

    /** The exception of an answer that said this error with {@code httpStatus}. */
    public ProviderException toException(int httpStatus) {
        return new ProviderException(this, httpStatus);
    }
}
