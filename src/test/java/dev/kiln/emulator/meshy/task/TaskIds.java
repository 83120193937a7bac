package dev.kiln.emulator.meshy.task;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Task ids like Meshy's: k-sortable UUIDs (version 7 layout: 48 bits of epoch milliseconds, then random bits). */
public final class TaskIds {

    private TaskIds() {}

    public static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** Whether {@code text} is a UUID in canonical form (the build endpoint's "invalid UUID" rule). */
    public static boolean isUuid(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
