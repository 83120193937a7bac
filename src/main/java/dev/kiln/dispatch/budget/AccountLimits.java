package dev.kiln.dispatch.budget;

/** One provider account's limits, enforced across all replicas. */
public record AccountLimits(int maxInFlight, double requestsPerSecond, int burst) {

    public AccountLimits {
        if (maxInFlight < 0) {
            throw new IllegalArgumentException("max in flight must not be negative: " + maxInFlight);
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requests per second must be positive: " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
    }
}
