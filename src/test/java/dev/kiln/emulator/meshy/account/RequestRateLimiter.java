package dev.kiln.emulator.meshy.account;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A sliding one-second window of one account's request times. It runs on real (monotonic) time, not on the
 * emulator's clock: the limit is about how fast a client really sends, and moving the emulator's clock forward
 * must not open or close the window.
 */
final class RequestRateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    RequestRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Counts one request against {@code perSecond}.
     *
     * @return 0 when the request is allowed, else how many whole seconds (at least 1) until it would be
     */
    synchronized long tryAcquire(int perSecond) {
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
}
