package dev.kiln.emulator.task;

import dev.kiln.emulator.account.AccountRegistry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every provider's tasks, moved along by the clock: created → queued → running → succeeded or failed.
 * A queued task starts only while its account runs fewer tasks than its concurrency limit. The store
 * advances on every read and on the server's periodic tick, so listeners (callbacks, SSE) fire even when
 * nobody polls. Listeners run under the store's lock, in order, before any reader can see the new phase:
 * they must not block (schedule slow work, e.g. an HTTP callback, on the event loop).
 */
public final class TaskStore {
    private final Clock clock;
    private final ScenarioRegistry scenarios;
    private final AccountRegistry accounts;
    // Insertion order is creation order: the queue order under a concurrency limit.
    private final Map<String, EmulatedTask> tasks = new LinkedHashMap<>();
    private final Map<String, Integer> runningPerAccount = new HashMap<>();
    private final Map<String, List<TaskListener>> listeners = new LinkedHashMap<>();
    private final List<TaskListener> globalListeners = new CopyOnWriteArrayList<>();

    private record Change(EmulatedTask task, TaskPhase from, TaskPhase to) {}

    public TaskStore(Clock clock, ScenarioRegistry scenarios, AccountRegistry accounts) {
        this.clock = clock;
        this.scenarios = scenarios;
        this.accounts = accounts;
    }

    /**
     * Creates a task in {@link TaskPhase#CREATED}. {@code scenario} is the creating request's scenario;
     * its timing knobs override {@code defaults}.
     */
    public EmulatedTask create(
            String provider, String account, String id, Scenario scenario, TaskTiming defaults, JsonObject input) {
        TaskTiming timing = defaults.with(scenario);
        EmulatedTask task = new EmulatedTask(provider, account, id, clock.instant(), scenario, timing, input);
        synchronized (this) {
            if (tasks.putIfAbsent(key(provider, id), task) != null) {
                throw new IllegalStateException("duplicate task id " + id);
            }
        }
        advance();
        return task;
    }

    /** The task, advanced to now. */
    public Optional<EmulatedTask> find(String provider, String id) {
        advance();
        synchronized (this) {
            return Optional.ofNullable(tasks.get(key(provider, id)));
        }
    }

    /** Tasks matching the non-null filters, oldest first, advanced to now. */
    public List<EmulatedTask> list(String provider, String account) {
        advance();
        synchronized (this) {
            return tasks.values().stream()
                    .filter(task -> provider == null || provider.equals(task.provider()))
                    .filter(task -> account == null || account.equals(task.account()))
                    .toList();
        }
    }

    /** Listens to phase changes of one provider's tasks. */
    public void addListener(String provider, TaskListener listener) {
        synchronized (this) {
            listeners
                    .computeIfAbsent(provider, key -> new CopyOnWriteArrayList<>())
                    .add(listener);
        }
    }

    /** Listens to every phase change. */
    public void addListener(TaskListener listener) {
        globalListeners.add(listener);
    }

    /** Moves every task as far as the clock allows and tells the listeners. */
    public void advance() {
        List<Change> changes = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            boolean moved = true;
            while (moved) {
                moved = false;
                for (EmulatedTask task : ordered()) {
                    moved |= step(task, now, changes);
                }
            }
            // Under the lock: a reader must not see a phase before its listeners (refunds, callbacks) ran.
            changes.forEach(this::notify);
        }
    }

    /** Moves a task to its next phase now, whatever its timing (the admin's "advance"). */
    public boolean forceNext(String provider, String id) {
        List<Change> changes = new ArrayList<>();
        synchronized (this) {
            EmulatedTask task = tasks.get(key(provider, id));
            if (task == null || task.phase().isFinal()) {
                return false;
            }
            Instant now = clock.instant();
            switch (task.phase()) {
                case CREATED -> move(task, TaskPhase.QUEUED, now, changes);
                case QUEUED -> move(task, TaskPhase.RUNNING, now, changes);
                case RUNNING -> finish(task, now, changes);
                default -> {}
            }
            changes.forEach(this::notify);
        }
        advance();
        return true;
    }

    /**
     * Ends a task now: succeeded when {@code failureCode} is null, failed with that code otherwise (the
     * admin's "complete"). Returns false for an unknown or already final task.
     */
    public boolean complete(String provider, String id, String failureCode, String failureMessage) {
        return end(
                provider,
                id,
                failureCode == null ? TaskPhase.SUCCEEDED : TaskPhase.FAILED,
                failureCode,
                failureMessage);
    }

    /** Cancels a task that is not final yet. */
    public boolean cancel(String provider, String id) {
        return end(provider, id, TaskPhase.CANCELED, null, null);
    }

    /** Forgets a task (vendors that let a client delete a task). */
    public synchronized boolean remove(String provider, String id) {
        EmulatedTask removed = tasks.remove(key(provider, id));
        if (removed != null && removed.phase() == TaskPhase.RUNNING) {
            runningPerAccount.merge(key(provider, removed.account()), -1, Integer::sum);
        }
        return removed != null;
    }

    public synchronized void clear() {
        tasks.clear();
        runningPerAccount.clear();
    }

    /** Listeners stay registered across resets: they belong to the mounted APIs. */
    public synchronized int size() {
        return tasks.size();
    }

    /** The scenario a task's behaviour follows now: its creation scenario, then task-scoped rules. */
    public Scenario effectiveScenario(EmulatedTask task) {
        return task.scenario().with(scenarios.forTask(task.provider(), task.account(), task.id()));
    }

    private boolean end(String provider, String id, TaskPhase phase, String code, String message) {
        List<Change> changes = new ArrayList<>();
        synchronized (this) {
            EmulatedTask task = tasks.get(key(provider, id));
            if (task == null || task.phase().isFinal()) {
                return false;
            }
            if (phase == TaskPhase.FAILED) {
                task.fail(code, message);
            }
            if (task.startedAt() == null && phase != TaskPhase.CANCELED) {
                move(task, TaskPhase.RUNNING, clock.instant(), changes);
            }
            move(task, phase, clock.instant(), changes);
            changes.forEach(this::notify);
        }
        advance();
        return true;
    }

    private boolean step(EmulatedTask task, Instant now, List<Change> changes) {
        Instant since = task.phaseSince();
        switch (task.phase()) {
            case CREATED -> {
                Instant due = since.plus(task.timing().created());
                if (!now.isBefore(due)) {
                    move(task, TaskPhase.QUEUED, due, changes);
                    return true;
                }
            }
            case QUEUED -> {
                Instant due = since.plus(task.timing().queued());
                if (!now.isBefore(due)) {
                    if (running(task.provider(), task.account()) < limit(task)) {
                        // A task held back by the concurrency limit starts when a tick finds a free slot.
                        move(task, TaskPhase.RUNNING, task.heldBack() ? now : due, changes);
                        return true;
                    }
                    task.holdBack();
                }
            }
            case RUNNING -> {
                Instant due = since.plus(task.timing().running());
                if (!now.isBefore(due)) {
                    finish(task, due, changes);
                    return true;
                }
            }
            default -> {}
        }
        return false;
    }

    private void finish(EmulatedTask task, Instant at, List<Change> changes) {
        Scenario scenario = effectiveScenario(task);
        Optional<String> failure = scenario.taskFailure();
        if (failure.isPresent()) {
            task.fail(failure.get(), scenario.taskFailureMessage().orElse(null));
            move(task, TaskPhase.FAILED, at, changes);
        } else {
            move(task, TaskPhase.SUCCEEDED, at, changes);
        }
    }

    private void move(EmulatedTask task, TaskPhase next, Instant at, List<Change> changes) {
        TaskPhase from = task.phase();
        String account = key(task.provider(), task.account());
        if (from == TaskPhase.RUNNING) {
            runningPerAccount.merge(account, -1, Integer::sum);
        }
        if (next == TaskPhase.RUNNING) {
            runningPerAccount.merge(account, 1, Integer::sum);
        }
        task.moveTo(next, at);
        changes.add(new Change(task, from, next));
    }

    private int running(String provider, String account) {
        return runningPerAccount.getOrDefault(key(provider, account), 0);
    }

    private int limit(EmulatedTask task) {
        return accounts.concurrency(task.provider(), task.account());
    }

    private List<EmulatedTask> ordered() {
        return tasks.values().stream().filter(task -> !task.phase().isFinal()).toList();
    }

    private void notify(Change change) {
        List<TaskListener> forProvider;
        synchronized (this) {
            forProvider = listeners.getOrDefault(change.task().provider(), List.of());
        }
        for (TaskListener listener : forProvider) {
            listener.onPhaseChange(change.task(), change.from(), change.to());
        }
        for (TaskListener listener : globalListeners) {
            listener.onPhaseChange(change.task(), change.from(), change.to());
        }
    }

    private static String key(String provider, String id) {
        return provider + "/" + id;
    }
}
