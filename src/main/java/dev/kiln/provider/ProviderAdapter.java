package dev.kiln.provider;

import dev.kiln.contract.JobRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Everything Kiln knows about one provider API, for one account. Calls never block: they return a
 * {@link Uni} or {@link Multi}. {@link #submit} answers every expected failure as a {@link SubmitOutcome}
 * value; the other calls fail with a {@link ProviderException} carrying a classified {@link ProviderError}.
 * Each adapter owns its HTTP client (timeouts, pool, no redirects) and its request rate, so an unanswered call
 * fails with {@link ErrorKind#TIMED_OUT} instead of hanging a job.
 */
public interface ProviderAdapter extends AutoCloseable {

    /** The provider name requests carry (see {@link ProviderNames}). */
    String provider();

    /**
     * The provider account this adapter spends, the key of its concurrency budget, request rate and
     * {@code Retry-After} pauses. Adapters that share an API key share the account (all Meshy kinds are
     * {@code meshy}); configurable as {@code kiln.providers.<p>.account}.
     */
    default String account() {
        return provider();
    }

    ProviderCapabilities capabilities();

    /** Checks a request against the provider's documented rules, before any credit is spent. */
    List<Violation> validate(JobRequest request);

    /**
     * The steps this job runs, in order; most jobs have one. Each step is one provider task, and a step
     * after the first is fed by the task of the step before it. Only for a request {@link #validate} accepted.
     */
    List<String> steps(JobRequest request);

    /**
     * Sends the create call for one step and says what it achieved: {@link SubmitOutcome.Created}, {@link
     * SubmitOutcome.NotCreated} (never sent or refused: a request that breaks the provider's rules is refused as
     * {@link ErrorKind#INVALID_INPUT} without a call), or {@link SubmitOutcome.Unknown} (a task may exist:
     * reconcile, e.g. with {@link #listRecent}, before submitting again), judged by {@link CreateDoubt}. The
     * {@code Uni} fails only for a programming error.
     */
    Uni<SubmitOutcome> submit(StepRequest request);

    /** Reads a task's status once. Output URLs in the answer are fresh. */
    Uni<TaskSnapshot> status(TaskHandle task);

    /**
     * Follows a task's status as the provider pushes it, ending after the first terminal snapshot. Only
     * where {@link ProviderCapabilities#streaming()}; others fail with {@link ErrorKind#UNSUPPORTED}.
     */
    default Multi<TaskSnapshot> follow(TaskHandle task) {
        return Multi.createFrom().failure(unsupported("follow"));
    }

    /**
     * Judges a callback request: proof of origin checked, body parsed. Only where
     * {@link ProviderCapabilities#callbacks()}.
     */
    default CallbackOutcome parseCallback(CallbackRequest callback) {
        return new CallbackOutcome.Refused(provider() + " sends no callbacks");
    }

    /**
     * Asks the provider to stop a task. Where {@link ProviderCapabilities#cancel()} is false nothing is sent:
     * the task runs to its end at the provider and the result says so. A task that had already ended is read
     * once, so the result says what really happened.
     */
    default Uni<CancelResult> cancel(TaskHandle task) {
        return Uni.createFrom()
                .item(CancelResult.notStoppable(
                        provider() + " offers no cancel: its task runs to its end at the provider, unwatched"));
    }

    /**
     * Lists the account's most recent tasks of one step, newest first, for reconciliation. Only where
     * {@link ProviderCapabilities#listing()}.
     */
    default Uni<List<TaskSnapshot>> listRecent(String step, int limit) {
        return listRecentTasks(step, limit)
                .map(tasks -> tasks.stream().map(ListedTask::snapshot).toList());
    }

    /**
     * As {@link #listRecent}, each task with its creation time, so reconciliation can match a task to the create
     * call that may have made it. Only where {@link ProviderCapabilities#listing()}.
     */
    default Uni<List<ListedTask>> listRecentTasks(String step, int limit) {
        return Uni.createFrom().failure(unsupported("list"));
    }

    /** Names a finished task's output files with fresh URLs (asks the provider again). */
    default Uni<List<OutputFile>> outputs(TaskHandle task) {
        return status(task).map(TaskSnapshot::outputs);
    }

    /** Releases the adapter's HTTP client. */
    @Override
    void close();

    private ProviderException unsupported(String operation) {
        return ProviderError.of(ErrorKind.UNSUPPORTED, false, null, provider() + " does not offer " + operation)
                .toException();
    }
}
