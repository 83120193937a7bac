package dev.kiln.emulator.calls;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One HTTP call an emulated API received. The status is filled in when the answer's headers go out. */
public final class CallRecord {
    private final long sequence;
    private final Instant at;
    private final String provider;
    private final String operation;
    private final String account;
    private final String taskId;
    private volatile int status;

    CallRecord(long sequence, Instant at, String provider, String operation, String account, String taskId) {
        this.sequence = sequence;
        this.at = at;
        this.provider = provider;
        this.operation = operation;
        this.account = account;
        this.taskId = taskId;
    }

    public String provider() {
        return provider;
    }

    public String operation() {
        return operation;
    }

    /** The account the call authenticated as, or {@link CallLog#ANONYMOUS}. */
    public String account() {
        return account;
    }

    public String taskId() {
        return taskId;
    }

    /** The HTTP status answered, 0 while unanswered (or never: a hang or a reset). */
    public int status() {
        return status;
    }

    public void status(int status) {
        this.status = status;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("sequence", sequence)
                .put("at", at.toString())
                .put("provider", provider)
                .put("operation", operation)
                .put("account", account)
                .put("taskId", taskId)
                .put("status", status);
    }
}
