package dev.kiln.emulator.task;

import dev.kiln.emulator.scenario.Scenario;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A task of any provider. The core moves its phase along with the clock; the API that created it keeps
 * its vendor-specific input in {@link #input()} and anything it derives (result URLs, ids) in
 * {@link #attributes()}.
 */
public final class EmulatedTask {
    private final String provider;
    private final String account;
    private final String id;
    private final Instant createdAt;
    private final Scenario scenario;
    private final TaskTiming timing;
    private final JsonObject input;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    // Guarded by the TaskStore's lock.
    private TaskPhase phase = TaskPhase.CREATED;
    private Instant phaseSince;
    private Instant startedAt;
    private Instant finishedAt;
    private String failureCode;
    private String failureMessage;
    private boolean heldBack;

    EmulatedTask(
            String provider,
            String account,
            String id,
            Instant createdAt,
            Scenario scenario,
            TaskTiming timing,
            JsonObject input) {
        this.provider = provider;
        this.account = account;
        this.id = id;
        this.createdAt = createdAt;
        this.phaseSince = createdAt;
        this.scenario = scenario;
        this.timing = timing;
        this.input = input;
    }

    public String provider() {
        return provider;
    }

    public String account() {
        return account;
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The scenario in force when the task was created (request header, rules, base). */
    public Scenario scenario() {
        return scenario;
    }

    public TaskTiming timing() {
        return timing;
    }

    /** The request as the API understood it. Treat as read-only. */
    public JsonObject input() {
        return input;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    public synchronized TaskPhase phase() {
        return phase;
    }

    public synchronized Instant phaseSince() {
        return phaseSince;
    }

    /** When the task started running, or null. */
    public synchronized Instant startedAt() {
        return startedAt;
    }

    /** When the task became final, or null. */
    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    /** The vendor failure code when {@link TaskPhase#FAILED}. */
    public synchronized String failureCode() {
        return failureCode;
    }

    public synchronized String failureMessage() {
        return failureMessage;
    }

    /** 0 until running, then the share of the running time elapsed (below 1), 1 once succeeded. */
    public synchronized double progress(Instant now) {
        return switch (phase) {
            case CREATED, QUEUED -> 0;
            case SUCCEEDED -> 1;
            case FAILED, CANCELED -> startedAt == null ? 0 : progressAt(finishedAt);
            case RUNNING -> progressAt(now);
        };
    }

    private double progressAt(Instant now) {
        long total = Math.max(1, timing.running().toMillis());
        long elapsed = Duration.between(startedAt, now).toMillis();
        return Math.max(0, Math.min(0.99, (double) elapsed / total));
    }

    synchronized void moveTo(TaskPhase next, Instant at) {
        if (next == TaskPhase.RUNNING) {
            startedAt = at;
        }
        if (next.isFinal()) {
            finishedAt = at;
        }
        phase = next;
        phaseSince = at;
    }

    /** True once the task waited in the queue for a slot under its account's concurrency limit. */
    public synchronized boolean heldBack() {
        return heldBack;
    }

    synchronized void holdBack() {
        heldBack = true;
    }

    synchronized void fail(String code, String message) {
        failureCode = code;
        failureMessage = message;
    }

    public synchronized JsonObject toJson(Instant now) {
        return new JsonObject()
                .put("provider", provider)
                .put("account", account)
                .put("id", id)
                .put("phase", phase.name())
                .put("progress", progress(now))
                .put("createdAt", createdAt.toString())
                .put("startedAt", startedAt == null ? null : startedAt.toString())
                .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
                .put("failureCode", failureCode)
                .put("failureMessage", failureMessage)
                .put("heldBack", heldBack)
                .put("scenario", scenario.toJson())
                .put("input", input);
    }
}
