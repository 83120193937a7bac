package dev.kiln.emulator.calls;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Every call the emulated APIs received, so a test can assert "exactly one task was created". */
public final class CallLog {
    /** The account recorded when a call carries no valid credential. */
    public static final String ANONYMOUS = "anonymous";

    private final Clock clock;
    // Appends are O(1): a copy-on-write list copied the whole log on every call, quadratic over a benchmark's calls.
    private final ConcurrentLinkedQueue<CallRecord> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    public CallLog(Clock clock) {
        this.clock = clock;
    }

    public CallRecord record(String provider, String operation, String account, String taskId) {
        CallRecord record = new CallRecord(
                sequence.incrementAndGet(),
                clock.instant(),
                provider,
                operation,
                account == null ? ANONYMOUS : account,
                taskId);
        calls.add(record);
        return record;
    }

    /** Calls matching every non-null filter. */
    public List<CallRecord> calls(String provider, String account, String operation) {
        return calls.stream()
                .filter(call -> provider == null || provider.equals(call.provider()))
                .filter(call -> account == null || account.equals(call.account()))
                .filter(call -> operation == null || operation.equals(call.operation()))
                .toList();
    }

    public int count(String provider, String account, String operation) {
        return calls(provider, account, operation).size();
    }

    /** {@code {provider: {account: {operation: count}}}} over every call. */
    public JsonObject counts() {
        JsonObject counts = new JsonObject();
        for (CallRecord call : calls) {
            JsonObject byAccount = child(counts, call.provider());
            JsonObject byOperation = child(byAccount, call.account());
            byOperation.put(call.operation(), byOperation.getInteger(call.operation(), 0) + 1);
        }
        return counts;
    }

    public JsonArray toJson(String provider, String account, String operation) {
        JsonArray array = new JsonArray();
        calls(provider, account, operation).forEach(call -> array.add(call.toJson()));
        return array;
    }

    public void clear() {
        calls.clear();
    }

    private static JsonObject child(JsonObject parent, String key) {
        JsonObject child = parent.getJsonObject(Objects.requireNonNull(key));
        if (child == null) {
            child = new JsonObject();
            parent.put(key, child);
        }
        return child;
    }
}
