package dev.kiln.emulator.meshy.task;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.emulator.task.TaskPhase;
import dev.kiln.emulator.task.TaskTiming;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Meshy's view of the core's task store: the core moves tasks through its phases with the clock; this class adds
 * what Meshy has on top — the queue limit, credits (charged at creation, refunded when a task fails or is
 * canceled before it starts), {@code preceding_tasks}, and the mapping to Meshy's states.
 */
public final class MeshyTasks {

    private static final String PROVIDER = MeshyAccounts.PROVIDER;

    /** What the core does not keep about a Meshy task. */
    private record Details(TaskSpec spec, String apiKey, AtomicBoolean refunded) {}

    private final EmulatorContext ctx;
    private final TaskTiming timing;
    private final Duration retention;
    private final Map<String, Details> details = new ConcurrentHashMap<>();

    /**
     * @param timing how long tasks stay queued and running unless a scenario says otherwise
     * @param retention how long results stay available after a task ends ({@code expires_at}); Meshy keeps 3 days
     */
    public MeshyTasks(EmulatorContext ctx, TaskTiming timing, Duration retention) {
        this.ctx = ctx;
        this.timing = timing;
        this.retention = retention;
        ctx.tasks().addListener(PROVIDER, (task, from, to) -> {
            if (to == TaskPhase.FAILED || (to == TaskPhase.CANCELED && from != TaskPhase.RUNNING)) {
                refund(task);
            }
        });
    }

    /**
     * Creates a task once the request is valid: {@code 429 NoMoreConcurrentTasks} when the account's queue is full
     * (no Retry-After: a slot frees only when a task ends), 402 when the credits do not cover it.
     *
     * @param failure the {@link TaskFailure#CATALOGUE} name of a failure the request itself implies (moderation):
     *     the task fails at once; null for none
     */
    public TaskSnapshot create(Caller caller, Scenario scenario, TaskSpec spec, String failure) {
        Account account = caller.account();
        String id;
        synchronized (this) {
            if (active(account.id()) >= MeshyAccounts.queueLimit(account)) {
                throw new MeshyError(429, MeshyError.NO_MORE_CONCURRENT_TASKS);
            }
            if (!account.charge(BigDecimal.valueOf(spec.cost()))) {
                throw new MeshyError(402, "Insufficient credits to perform this task");
            }
            id = TaskIds.next(ctx.clock().millis());
            details.put(id, new Details(spec, caller.apiKey(), new AtomicBoolean()));
            // What the admin view shows of the task (not the request: data URIs can be megabytes).
            JsonObject input = new JsonObject()
                    .put("type", spec.kind().type())
                    .put("cost", spec.cost())
                    .put("name", spec.name())
                    .put("input_task_id", spec.parentId())
                    .put(
                            "files",
                            new JsonObject(new LinkedHashMap<String, Object>(
                                    spec.outputs().models())));
            ctx.tasks().create(PROVIDER, account.id(), id, scenario, timing, input);
        }
        if (failure != null) {
            ctx.tasks().complete(PROVIDER, id, failure, null);
        }
        return find(id).orElseThrow();
    }

    public Optional<TaskSnapshot> find(String id) {
        return ctx.tasks().find(PROVIDER, id).flatMap(task -> {
            List<EmulatedTask> accountTasks = ctx.tasks().list(PROVIDER, task.account());
            return snapshot(task, accountTasks, ctx.clock().instant());
        });
    }

    /**
     * One page of the tasks that pass {@code filter}, ordered by creation time.
     *
     * @param pageNum 1-based
     */
    public List<TaskSnapshot> page(Predicate<TaskSnapshot> filter, boolean newestFirst, int pageNum, int pageSize) {
        Instant now = ctx.clock().instant();
        Map<String, List<EmulatedTask>> byAccount = ctx.tasks().list(PROVIDER, null).stream() // oldest first
                .collect(Collectors.groupingBy(EmulatedTask::account, LinkedHashMap::new, Collectors.toList()));
        List<TaskSnapshot> matching = new ArrayList<>();
        byAccount
                .values()
                .forEach(accountTasks -> accountTasks.forEach(
                        task -> snapshot(task, accountTasks, now).filter(filter).ifPresent(matching::add)));
        matching.sort(Comparator.comparingLong(TaskSnapshot::createdAt)); // stable: creation order breaks ties
        if (newestFirst) {
            Collections.reverse(matching);
        }
        return matching.stream()
                .skip((long) (pageNum - 1) * pageSize)
                .limit(pageSize)
                .toList();
    }

    /** What a cancel request did. */
    public enum CancelOutcome {
        /** Was PENDING: CANCELED and refunded. */
        CANCELED_REFUNDED,
        /** Was IN_PROGRESS: CANCELED, credits kept. */
        CANCELED_NOT_REFUNDED,
        /** Already SUCCEEDED, FAILED or CANCELED: nothing changed. */
        ALREADY_FINISHED
    }

    public CancelOutcome cancel(String id) {
        EmulatedTask task = ctx.tasks().find(PROVIDER, id).orElseThrow(MeshyError::notFound);
        boolean started = task.startedAt() != null;
        if (!ctx.tasks().cancel(PROVIDER, id)) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        return started ? CancelOutcome.CANCELED_NOT_REFUNDED : CancelOutcome.CANCELED_REFUNDED;
    }

    /**
     * Removes a task and its models for good (seed 003): its model and texture URLs answer 404 from now on. A
     * task deleted before it started gets its credits back (the vendor documents no refund rule for deletes;
     * this follows the figure API's cancel).
     */
    public void delete(String id) {
        ctx.tasks().cancel(PROVIDER, id);
        ctx.tasks().remove(PROVIDER, id);
        ctx.assets().deleteTaskFiles(PROVIDER, id);
        details.remove(id);
    }

    public void clear() {
        details.clear();
    }

    private int active(String accountId) {
        return (int) ctx.tasks().list(PROVIDER, accountId).stream()
                .filter(task -> !task.phase().isFinal())
                .count();
    }

    private void refund(EmulatedTask task) {
        Details found = details.get(task.id());
        if (found != null && found.refunded().compareAndSet(false, true)) {
            ctx.accounts()
                    .find(PROVIDER, task.account())
                    .ifPresent(account ->
                            account.refund(BigDecimal.valueOf(found.spec().cost())));
        }
    }

    /** Empty for a task of this provider that this API did not create (none, unless the store is shared oddly). */
    private Optional<TaskSnapshot> snapshot(EmulatedTask task, List<EmulatedTask> accountTasks, Instant now) {
        Details found = details.get(task.id());
        if (found == null) {
            return Optional.empty();
        }
        TaskPhase phase = task.phase();
        TaskStatus status =
                switch (phase) {
                    case CREATED, QUEUED -> TaskStatus.PENDING;
                    case RUNNING -> TaskStatus.IN_PROGRESS;
                    case SUCCEEDED -> TaskStatus.SUCCEEDED;
                    case FAILED -> TaskStatus.FAILED;
                    case CANCELED -> TaskStatus.CANCELED;
                };
        int preceding = 0;
        if (status == TaskStatus.PENDING) {
            for (EmulatedTask other : accountTasks) {
                if (other == task) {
                    break;
                }
                TaskPhase otherPhase = other.phase();
                if (otherPhase == TaskPhase.CREATED || otherPhase == TaskPhase.QUEUED) {
                    preceding++;
                }
            }
        }
        long finishedAt = millis(task.finishedAt());
        int progress = status == TaskStatus.SUCCEEDED ? 100 : (int) Math.floor(task.progress(now) * 100);
        TaskFailure failure = status == TaskStatus.FAILED
                ? TaskFailure.named(task.failureCode()).withMessage(task.failureMessage())
                : null;
        return Optional.of(new TaskSnapshot(
                task,
                found.spec(),
                found.apiKey(),
                status,
                progress,
                task.createdAt().toEpochMilli(),
                millis(task.startedAt()),
                finishedAt,
                status.terminal() ? finishedAt + retention.toMillis() : 0,
                preceding,
                found.refunded().get() || status == TaskStatus.FAILED
                        ? 0
                        : found.spec().cost(),
                failure,
                now.toEpochMilli()));
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }
}
