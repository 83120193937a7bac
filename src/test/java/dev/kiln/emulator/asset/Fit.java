package dev.kiln.emulator.asset;

import java.util.function.LongUnaryOperator;

/** Finds how many records fill a requested size. */
final class Fit {
    private Fit() {}

    /**
     * The largest {@code n} in {@code [min, max]} with {@code size(n) <= target}, or {@code min} when even
     * that is too large. {@code size} must not decrease as {@code n} grows.
     */
    static long largest(long min, long max, long target, LongUnaryOperator size) {
        if (size.applyAsLong(min) > target) {
            return min;
        }
        long lo = min;
        long hi = Math.max(min, max);
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (size.applyAsLong(mid) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
