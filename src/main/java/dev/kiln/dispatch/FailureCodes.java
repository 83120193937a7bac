package dev.kiln.dispatch;

import dev.kiln.provider.ErrorKind;

/** The codes a job fails or is canceled with once it reached dispatch, beside intake's rejection codes. */
public final class FailureCodes {

    /** The job's deadline passed before it was generated. */
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    /** The provider refused the request as breaking its rules (intake's checks missed something). */
    public static final String PROVIDER_REJECTED_INPUT = "PROVIDER_REJECTED_INPUT";
    /** The account has no credits left. */
    public static final String PROVIDER_OUT_OF_CREDITS = "PROVIDER_OUT_OF_CREDITS";
    /** The provider refused Kiln's credentials. */
    public static final String PROVIDER_AUTHENTICATION_FAILED = "PROVIDER_AUTHENTICATION_FAILED";
    /** Create calls kept failing (faults, timeouts, rate limits) until the attempts ran out. */
    public static final String SUBMIT_RETRIES_EXHAUSTED = "SUBMIT_RETRIES_EXHAUSTED";
    /** The provider ran the task and it failed. */
    public static final String PROVIDER_TASK_FAILED = "PROVIDER_TASK_FAILED";
    /** The provider canceled the task without Kiln asking. */
    public static final String PROVIDER_CANCELED = "PROVIDER_CANCELED";
    /** The provider no longer knows the task. */
    public static final String PROVIDER_TASK_LOST = "PROVIDER_TASK_LOST";
    /** The task reported nothing for longer than the provider's documented maximum. */
    public static final String TRACKING_TIMEOUT = "TRACKING_TIMEOUT";
    /** The job's provider is not configured in this deployment (any more). */
    public static final String PROVIDER_NOT_CONFIGURED = "PROVIDER_NOT_CONFIGURED";

    private FailureCodes() {}

    /** The code a job fails with when a create call was refused for good with {@code kind}. */
    public static String ofRefusal(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> PROVIDER_REJECTED_INPUT;
            case OUT_OF_CREDITS -> PROVIDER_OUT_OF_CREDITS;
            case AUTHENTICATION -> PROVIDER_AUTHENTICATION_FAILED;
            default -> SUBMIT_RETRIES_EXHAUSTED;
        };
    }
}
