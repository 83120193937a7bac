package dev.kiln.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±25 % jitter, so replicas retrying together spread out. */
public final class Backoff {

    private Backoff() {}

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    public static Duration of(int attempt, Duration base, Duration max) {
        long baseMillis = Math.max(1, Math.min(base.toMillis(), 1L << 32));
        int doublings = Math.max(0, Math.min(attempt - 1, 30)); // base ≤ 2^32 ms, so this cannot overflow
        return jitter(Duration.ofMillis(Math.min(max.toMillis(), baseMillis << doublings)));
    }

    /** {@code wait} moved by a random ±25 %. */
    public static Duration jitter(Duration wait) {
        long millis = wait.toMillis();
        long spread = millis / 4;
        return Duration.ofMillis(
                millis - spread + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * spread + 1)));
    }
}
