package dev.kiln.emulator.meshy.task;

import dev.kiln.emulator.meshy.account.MeshyAccount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Holds every task and moves it through its states as the emulator's clock advances: PENDING (waiting for one of
 * the account's run slots, with {@code preceding_tasks}) → IN_PROGRESS (progress grows with time) → SUCCEEDED or
 * FAILED; CANCELED on request.
 *
 * <p>State is computed lazily from the clock: every read first replays, in time order, the starts and ends that
 * fell due since the last read. Tasks therefore start and end at exact instants whatever the polling rhythm, and a
 * test that moves a controllable clock sees the states that clock implies.
 */
public final class TaskEngine {

    private static final Comparator<MeshyTask> BY_CREATION =
            Comparator.comparingLong(MeshyTask::createdAt).thenComparingLong(MeshyTask::sequence);

    private final LongSupplier clock;
    private final long retentionMillis;
    private final Map<String, MeshyTask> tasks = new LinkedHashMap<>();
    /** PENDING and IN_PROGRESS tasks, in creation order. */
    private final List<MeshyTask> active = new ArrayList<>();
    /** Per account, the instant of the last start/end replayed: a freed slot is taken no earlier than this. */
    private final Map<MeshyAccount, Long> lastEventAt = new HashMap<>();

    private long nextSequence;

    /**
     * @param clock the emulator's clock, epoch milliseconds
     * @param retentionMillis how long results stay available after a task ends ({@code expires_at})
     */
    public TaskEngine(LongSupplier clock, long retentionMillis) {
        this.clock = clock;
        this.retentionMillis = retentionMillis;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** Creates a PENDING task; the caller has checked the request, the queue limit and charged the credits. */
    public synchronized TaskSnapshot create(
            String id, MeshyAccount account, String apiKey, TaskSpec spec, TaskPlan plan) {
        long now = advance();
        MeshyTask task = new MeshyTask(id, nextSequence++, account, apiKey, spec, plan, now);
        tasks.put(id, task);
        active.add(task);
        advance();
        return snapshot(task, now);
    }

    /** How many of the account's tasks are PENDING or IN_PROGRESS. */
    public synchronized int activeCount(MeshyAccount account) {
        advance();
        return (int) active.stream().filter(t -> t.account() == account).count();
    }

    public synchronized Optional<TaskSnapshot> find(String id) {
        long now = advance();
        return Optional.ofNullable(tasks.get(id)).map(task -> snapshot(task, now));
    }

    /**
     * One page of the tasks that pass {@code filter}, ordered by creation time.
     *
     * @param pageNum 1-based
     */
    public synchronized List<TaskSnapshot> page(
            Predicate<MeshyTask> filter, boolean newestFirst, int pageNum, int pageSize) {
        long now = advance();
        Comparator<MeshyTask> order = newestFirst ? BY_CREATION.reversed() : BY_CREATION;
        return tasks.values().stream()
                .filter(filter)
                .sorted(order)
                .skip((long) (pageNum - 1) * pageSize)
                .limit(pageSize)
                .map(task -> snapshot(task, now))
                .toList();
    }

    /** What a cancel request did. */
    public enum CancelOutcome {
        /** Was PENDING: CANCELED and refunded. */
        CANCELED_REFUNDED,
        /** Was IN_PROGRESS: CANCELED, credits kept. */
        CANCELED_NOT_REFUNDED,
        /** Already SUCCEEDED, FAILED or CANCELED: nothing changed. */
        ALREADY_FINISHED,
        NOT_FOUND
    }

    public synchronized CancelOutcome cancel(String id) {
        long now = advance();
        MeshyTask task = tasks.get(id);
        if (task == null) {
            return CancelOutcome.NOT_FOUND;
        }
        if (task.status.terminal()) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        boolean wasPending = task.status == TaskStatus.PENDING;
        task.finalProgress = task.progressAt(now);
        task.status = TaskStatus.CANCELED;
        task.finishedAt = now;
        if (wasPending) {
            refund(task);
        }
        release(task, now);
        return wasPending ? CancelOutcome.CANCELED_REFUNDED : CancelOutcome.CANCELED_NOT_REFUNDED;
    }

    /**
     * Removes a task for good. A task removed before it started gets its credits back (the vendor documents no
     * refund rule for deletes; this mirrors the figure API's cancel).
     */
    public synchronized boolean delete(String id) {
        long now = advance();
        MeshyTask task = tasks.remove(id);
        if (task == null) {
            return false;
        }
        if (task.status == TaskStatus.PENDING) {
            refund(task);
        }
        if (!task.status.terminal()) {
            release(task, now);
        }
        return true;
    }

    public synchronized void clear() {
        tasks.clear();
        active.clear();
        lastEventAt.clear();
    }

    private void release(MeshyTask task, long now) {
        active.remove(task);
        lastEventAt.merge(task.account(), now, Math::max);
    }

    private void refund(MeshyTask task) {
        if (!task.refunded) {
            task.refunded = true;
            task.account().refund(task.spec().cost());
        }
    }

    private TaskSnapshot snapshot(MeshyTask task, long now) {
        int preceding = 0;
        if (task.status == TaskStatus.PENDING) {
            for (MeshyTask other : active) {
                if (other == task) {
                    break;
                }
                if (other.account() == task.account() && other.status == TaskStatus.PENDING) {
                    preceding++;
                }
            }
        }
        boolean ended = task.status.terminal();
        return new TaskSnapshot(
                task,
                task.status,
                task.progressAt(now),
                task.startedAt,
                task.finishedAt,
                ended ? task.finishedAt + retentionMillis : 0,
                preceding,
                task.refunded ? 0 : task.spec().cost(),
                task.status == TaskStatus.FAILED ? task.plan().failure() : null,
                now);
    }

    /** Replays every start and end due by now, account by account, in time order; returns now. */
    private long advance() {
        long now = clock.getAsLong();
        List<MeshyAccount> accounts =
                active.stream().map(MeshyTask::account).distinct().toList();
        for (MeshyAccount account : accounts) {
            advance(account, now);
        }
        return now;
    }

    private void advance(MeshyAccount account, long now) {
        long last = lastEventAt.getOrDefault(account, Long.MIN_VALUE);
        while (true) {
            MeshyTask nextEnd = null;
            MeshyTask nextStart = null;
            int running = 0;
            for (MeshyTask task : active) {
                if (task.account() != account) {
                    continue;
                }
                if (task.status == TaskStatus.IN_PROGRESS) {
                    running++;
                    if (nextEnd == null || task.endsAt() < nextEnd.endsAt()) {
                        nextEnd = task;
                    }
                } else if (nextStart == null) {
                    nextStart = task;
                }
            }
            long endAt = nextEnd == null ? Long.MAX_VALUE : nextEnd.endsAt();
            long startAt = nextStart == null || running >= account.parallelTasks()
                    ? Long.MAX_VALUE
                    : Math.max(nextStart.readyAt(), last);
            if (Math.min(endAt, startAt) > now) {
                break;
            }
            if (endAt <= startAt) {
                end(nextEnd);
                last = endAt;
            } else {
                nextStart.status = TaskStatus.IN_PROGRESS;
                nextStart.startedAt = startAt;
                last = startAt;
            }
        }
        lastEventAt.put(account, last);
    }

    private void end(MeshyTask task) {
        task.finishedAt = task.endsAt();
        if (task.plan().failure() != null) {
            task.status = TaskStatus.FAILED;
            task.finalProgress = task.plan().failAtProgress();
            refund(task);
        } else {
            task.status = TaskStatus.SUCCEEDED;
            task.finalProgress = 100;
        }
        active.remove(task);
    }
}
