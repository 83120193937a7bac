package dev.kiln.provider;

/** The one error taxonomy every adapter maps its provider's errors onto. */
public enum ErrorKind {
    /** The request breaks the provider's rules; repeating it cannot help. */
    INVALID_INPUT,
    /** Too many requests per unit of time; retry after {@link ProviderError#retryAfter()}. */
    RATE_LIMITED,
    /** The account's concurrent-task budget is full; retry when one of our running tasks has ended. */
    CONCURRENCY_LIMITED,
    /** The account has no credits left; stop submitting to this account until an operator acts. */
    OUT_OF_CREDITS,
    /** The provider refused our credentials; an operator must fix the configuration. */
    AUTHENTICATION,
    /** The provider does not know the task (or it belongs to another stage or account). */
    NOT_FOUND,
    /** The provider failed to answer properly (5xx, malformed body, connection lost); retry with backoff. */
    PROVIDER_FAULT,
    /** The provider ran the task and it failed; {@link ProviderError#retryable()} says if a new task may help. */
    TASK_FAILED,
    /** No answer within our deadline. */
    TIMED_OUT,
    /** The task was canceled. */
    CANCELED,
    /** The adapter's provider does not offer this operation. */
    UNSUPPORTED
}
