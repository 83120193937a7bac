package dev.kiln.emulator.meshy.account;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A sliding one-second window of request times. It runs on real (monotonic) time, not on the emulator's
 * controllable clock: the limit is about how fast a client really sends, and a frozen test clock would otherwise
 * count every poll of a test into the same second.
 */
public final class RequestRateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    RequestRateLimiter(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    /**
     * Counts one request.
     *
     * @return 0 when the request is allowed, else how many whole seconds (at least 1) until it would be
     */
    public synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        while (!recent.isEmpty() && now - recent.peekFirst() >= WINDOW_NANOS) {
            recent.pollFirst();
        }
        if (recent.size() >= perSecond) {
            long waitNanos = recent.peekFirst() + WINDOW_NANOS - now;
            return Math.max(1, (waitNanos + WINDOW_NANOS - 1) / WINDOW_NANOS);
        }
        recent.addLast(now);
        return 0;
    }

    synchronized void reset() {
        recent.clear();
    }
}
