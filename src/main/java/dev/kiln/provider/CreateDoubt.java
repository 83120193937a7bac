package dev.kiln.provider;

import io.smallrye.mutiny.Uni;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule for "may this create call have created a task?", shared by every adapter; each provider adds
 * only the body codes it documents as leaving no task behind. In order:
 *
 * <ol>
 *   <li>Nothing reached the provider (no connection, our own validation, a failed token exchange, an input
 *       image that could not be read, the local rate limit): not created.
 *   <li>Sent, and no answer (timeout, reset, lost connection): unknown.
 *   <li>A body code the provider documents as "no task": not created, whatever the HTTP status.
 *   <li>A server fault, a 5xx or a 5xx-like body code: unknown, unless the body names a refusal (bad input,
 *       credentials, credits, rate or queue limit, unknown resource) — a verdict, not a fault.
 *   <li>Any other 4xx: the provider refused the call; not created, with its {@code Retry-After}.
 *   <li>A 3xx (redirects are never followed; after a POST one may mean "created, see there"): unknown.
 *   <li>A 2xx that still failed: a provider code in the body is its refusal (not created); an answer without
 *       one, or without the task id, is unreadable (unknown).
 * </ol>
 */
public final class CreateDoubt {
    /** Kinds that say the provider looked at the request and turned it down. */
    private static final Set<ErrorKind> REFUSALS = EnumSet.of(
            ErrorKind.INVALID_INPUT,
            ErrorKind.AUTHENTICATION,
            ErrorKind.OUT_OF_CREDITS,
            ErrorKind.RATE_LIMITED,
            ErrorKind.CONCURRENCY_LIMITED,
            ErrorKind.NOT_FOUND);

    private final Set<String> noTaskCodes;

    private CreateDoubt(Set<String> noTaskCodes) {
        this.noTaskCodes = Set.copyOf(noTaskCodes);
    }

    /** The rule for a provider that documents no "no task" codes of its own. */
    public static CreateDoubt plain() {
        return new CreateDoubt(Set.of());
    }

    /** The rule plus the provider's body codes that, even on a 5xx, say no task was left behind. */
    public static CreateDoubt withNoTaskCodes(Set<String> codes) {
        return new CreateDoubt(codes);
    }

    /**
     * Judges a failed create.
     *
     * @param requestSent false only when certainly no byte of the create reached the provider
     * @param httpStatus the status of the answer the error was read from; null when none came
     * @param error the classified error
     */
    public SubmitOutcome judge(boolean requestSent, Integer httpStatus, ProviderError error) {
        if (!requestSent) {
            return SubmitOutcome.notCreated(error);
        }
        if (httpStatus == null) {
            return new SubmitOutcome.Unknown(error);
        }
        String code = error.providerCode();
        if (code != null && noTaskCodes.contains(code)) {
            return SubmitOutcome.notCreated(error);
        }
        if (httpStatus >= 500 || serverFaultCode(code)) {
            return REFUSALS.contains(error.kind()) ? SubmitOutcome.notCreated(error) : new SubmitOutcome.Unknown(error);
        }
        if (httpStatus >= 400) {
            return SubmitOutcome.notCreated(error);
        }
        if (httpStatus >= 300) {
            return new SubmitOutcome.Unknown(error);
        }
        return code != null ? SubmitOutcome.notCreated(error) : new SubmitOutcome.Unknown(error);
    }

    /**
     * Turns a create call into its outcome: its task when it succeeds, else the judged failure. Only a
     * programming error (anything but a {@link ProviderException}) still fails the {@code Uni}.
     */
    public Uni<SubmitOutcome> outcome(Uni<TaskHandle> create) {
        return create.<SubmitOutcome>map(SubmitOutcome.Created::new)
                .onFailure(ProviderException.class)
                .recoverWithItem(failure -> judge((ProviderException) failure));
    }

    /** Judges a failed create by what its exception knows. */
    public SubmitOutcome judge(ProviderException failure) {
        return judge(failure.requestSent(), failure.httpStatus(), failure.error());
    }

    private static boolean serverFaultCode(String code) {
        return code != null && code.matches("5\\d\\d");
    }
}
