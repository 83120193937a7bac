package dev.kiln.provider.http;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.config.RateLimitConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that never blocks: a call that must wait is delayed on a Vert.x timer, one that would wait
 * longer than the configured limit fails as rate limited. A provider's {@code Retry-After} pauses the bucket.
 */
public final class RateLimiter {
    private final Vertx vertx;
    private final Clock clock;
    private final String provider;
    private final double perSecond;
    private final int burst;
    private final Duration maxWait;
    private double tokens;
    private Instant refilledAt;
    private Instant pausedUntil;

    public RateLimiter(Vertx vertx, Clock clock, String provider, RateLimitConfig config) {
        this.vertx = vertx;
        this.clock = clock;
        this.provider = provider;
        this.perSecond = config.requestsPerSecond();
        this.burst = Math.max(1, config.burst());
        this.maxWait = config.maxWait();
        this.tokens = burst;
        this.refilledAt = clock.instant();
        this.pausedUntil = Instant.MIN;
    }

    /** Completes when the call may go out. Cancelling a waiting call cancels its timer. */
    public Uni<Void> acquire() {
        return Uni.createFrom().deferred(() -> {
            Reservation reservation = reserve();
            if (!reservation.granted()) {
                // Say how long the wait really is (a provider's pause can be far longer than maxWait).
                // Refused before sending: a create refused here created nothing.
                return Uni.createFrom()
                        .failure(new NotSentException(new ProviderError(
                                ErrorKind.RATE_LIMITED,
                                true,
                                reservation.delay(),
                                null,
                                provider + " request budget exhausted locally")));
            }
            Duration wait = reservation.delay();
            if (wait.isZero()) {
                return Uni.createFrom().voidItem();
            }
            long delay = Math.max(1, wait.toMillis());
            return Uni.createFrom().<Void>emitter(emitter -> {
                long timer = vertx.setTimer(delay, fired -> emitter.complete(null));
                emitter.onTermination(() -> vertx.cancelTimer(timer));
            });
        });
    }

    /** Honours a provider's request to wait: no call goes out before then. */
    public synchronized void pauseFor(Duration wait) {
        Instant until = clock.instant().plus(wait);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /** A call's turn: go after {@code delay}, or (not granted) the wait would exceed the limit. */
    private record Reservation(Duration delay, boolean granted) {}

    /** The wait before this call's turn (zero: go now); not granted when it would exceed the limit. */
    private synchronized Reservation reserve() {
        Instant now = clock.instant();
        double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
        tokens = Math.min(burst, tokens + elapsed * perSecond);
        refilledAt = now;
        Duration pause = pausedUntil.isAfter(now) ? Duration.between(now, pausedUntil) : Duration.ZERO;
        Duration tokenWait = tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) ((1 - tokens) / perSecond * 1e9));
        Duration wait = pause.compareTo(tokenWait) > 0 ? pause : tokenWait;
        if (wait.compareTo(maxWait) > 0) {
            return new Reservation(wait, false);
        }
        tokens -= 1;
        return new Reservation(wait, true);
    }
}
