package dev.kiln.dispatch.budget;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.OffsetDateTime;

/** The arithmetic of the request-rate bucket whose state is an account's budget row. */
final class TokenBucket {

    /** The shortest wait answered, so a caller that raced another replica's refill does not spin. */
    static final Duration MIN_WAIT = Duration.ofMillis(1);

    private TokenBucket() {}

    /** How long until the bucket in this row, as of {@code now}, holds a whole token again. */
    static Duration waitFor(Row bucket, OffsetDateTime now) {
        return waitFor(
                bucket.getDouble("tokens"),
                bucket.getOffsetDateTime("refilled_at"),
                bucket.getDouble("requests_per_second"),
                bucket.getInteger("burst"),
                now);
    }

    static Duration waitFor(double tokens, OffsetDateTime refilledAt, double perSecond, int burst, OffsetDateTime now) {
        double elapsedSeconds = Math.max(0, Duration.between(refilledAt, now).toNanos() / 1e9);
        double available = Math.min(burst, tokens + elapsedSeconds * perSecond);
        double missingSeconds = (1 - available) / perSecond;
        long nanos = (long) Math.ceil(missingSeconds * 1e9);
        Duration wait = Duration.ofNanos(nanos);
        return wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
    }
}
