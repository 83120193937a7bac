package dev.kiln.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * When a create call was in flight: from the job's {@code SUBMITTING} transition (recorded before the call) to
 * its {@code SUBMIT_UNKNOWN} one (after it). A call still in flight has no end yet.
 *
 * @param from when the call started
 * @param to when its unknown outcome was recorded, or null while it is still in flight
 */
record CreateWindow(Instant from, Instant to) {

    /** Whether a task created at {@code at} (by a clock up to {@code tolerance} off) may come from this call. */
    boolean mayHaveCreatedAt(Instant at, Duration tolerance, Duration settle) {
        Instant end = to != null ? to : from.plus(settle);
        return !at.isBefore(from.minus(tolerance)) && !at.isAfter(end.plus(tolerance));
    }
}
