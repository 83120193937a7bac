package dev.kiln.emulator.meshy.account;

import java.util.List;

/**
 * One emulated Meshy account: its API keys share the credit balance, the request rate and the task queue, as
 * Meshy's limits are per account, not per key.
 */
public final class MeshyAccount {

    private final AccountSettings settings;
    private final RequestRateLimiter rateLimiter;
    private long credits;

    public MeshyAccount(AccountSettings settings, java.util.function.LongSupplier nanoTime) {
        this.settings = settings;
        this.rateLimiter = new RequestRateLimiter(settings.requestsPerSecond(), nanoTime);
        this.credits = settings.credits();
    }

    public String id() {
        return settings.id();
    }

    public List<String> apiKeys() {
        return settings.apiKeys();
    }

    /** How many tasks may be PENDING or IN_PROGRESS at once before creates get {@code NoMoreConcurrentTasks}. */
    public int queueLimit() {
        return settings.queueLimit();
    }

    /** How many of the account's tasks run (IN_PROGRESS) at once; the rest wait PENDING. */
    public int parallelTasks() {
        return settings.parallelTasks();
    }

    public RequestRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Takes {@code cost} credits if the balance covers them. */
    public synchronized boolean charge(int cost) {
        if (credits < cost) {
            return false;
        }
        credits -= cost;
        return true;
    }

    public synchronized void refund(int cost) {
        credits += cost;
    }

    public synchronized long credits() {
        return credits;
    }

    /** Back to the configured balance and an empty rate window (emulator reset). */
    public synchronized void reset() {
        credits = settings.credits();
        rateLimiter.reset();
    }
}
