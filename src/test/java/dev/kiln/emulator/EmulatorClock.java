package dev.kiln.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's notion of now: the system clock plus an offset that tests move forward, so a 24 h token
 * or a 1 h URL can expire without waiting. Task phases, token lifetimes and URL expiry all read this clock.
 */
public final class EmulatorClock extends Clock {
    private final Clock system = Clock.systemUTC();
    private final AtomicLong offsetMillis = new AtomicLong();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return system.instant().plusMillis(offsetMillis.get());
    }

    @Override
    public long millis() {
        return system.millis() + offsetMillis.get();
    }

    /** Moves now forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        offsetMillis.addAndGet(duration.toMillis());
    }

    /** How far the clock runs ahead of the system clock. */
    public Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }

    /** Back to the system clock. */
    public void reset() {
        offsetMillis.set(0);
    }
}
