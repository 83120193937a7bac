package dev.kiln.emulator.meshy.account;

import java.util.List;

/**
 * One account's configuration.
 *
 * @param apiKeys the bearer keys that act for this account (emulator values only, never real secrets)
 * @param credits the starting balance
 * @param requestsPerSecond requests per second before {@code 429 RateLimitExceeded} (Meshy Pro: 20)
 * @param queueLimit tasks PENDING or IN_PROGRESS at once before {@code 429 NoMoreConcurrentTasks} (Meshy Pro: 10)
 * @param parallelTasks how many of those run at once; the others wait PENDING with {@code preceding_tasks}
 */
public record AccountSettings(
        String id, List<String> apiKeys, long credits, int requestsPerSecond, int queueLimit, int parallelTasks) {

    public AccountSettings {
        apiKeys = List.copyOf(apiKeys);
        if (apiKeys.isEmpty() || requestsPerSecond < 1 || queueLimit < 1 || parallelTasks < 1) {
            throw new IllegalArgumentException("account " + id + ": keys and positive limits are required");
        }
    }

    public AccountSettings withCredits(long newCredits) {
        return new AccountSettings(id, apiKeys, newCredits, requestsPerSecond, queueLimit, parallelTasks);
    }

    public AccountSettings withRequestsPerSecond(int perSecond) {
        return new AccountSettings(id, apiKeys, credits, perSecond, queueLimit, parallelTasks);
    }

    public AccountSettings withQueue(int newQueueLimit, int newParallelTasks) {
        return new AccountSettings(id, apiKeys, credits, requestsPerSecond, newQueueLimit, newParallelTasks);
    }
}
