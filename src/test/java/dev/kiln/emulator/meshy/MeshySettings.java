package dev.kiln.emulator.meshy;

import dev.kiln.emulator.meshy.account.AccountSettings;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The emulated Meshy's configuration.
 *
 * @param accounts the accounts and their API keys
 * @param queueTime the least time a new task stays PENDING
 * @param runTime how long a task stays IN_PROGRESS
 * @param retention how long results stay available after a task ends ({@code expires_at}); Meshy keeps 3 days
 * @param streamInterval how often an open stream looks for a change to send
 * @param nanoTime the monotonic time the request-rate limit counts in (replaceable in tests)
 */
public record MeshySettings(
        List<AccountSettings> accounts,
        Duration queueTime,
        Duration runTime,
        Duration retention,
        Duration streamInterval,
        LongSupplier nanoTime) {

    /** The default account's first key. Emulator-only values, nothing like a real Meshy key. */
    public static final String DEFAULT_KEY = "emulator-meshy-key";
    /** A second key of the default account (shares its credits, rate and queue). */
    public static final String DEFAULT_SECOND_KEY = "emulator-meshy-key-2";
    /** The one key of a second, separate account. */
    public static final String OTHER_ACCOUNT_KEY = "emulator-meshy-other-account-key";
    /** The key of an account without credits: every create answers 402. */
    public static final String NO_CREDITS_KEY = "emulator-meshy-no-credits-key";

    public MeshySettings {
        accounts = List.copyOf(accounts);
    }

    public static MeshySettings defaults() {
        return new MeshySettings(
                List.of(
                        new AccountSettings("default", List.of(DEFAULT_KEY, DEFAULT_SECOND_KEY), 100_000, 20, 10, 2),
                        new AccountSettings("other", List.of(OTHER_ACCOUNT_KEY), 100_000, 20, 10, 2),
                        new AccountSettings("no-credits", List.of(NO_CREDITS_KEY), 0, 20, 10, 2)),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofDays(3),
                Duration.ofMillis(200),
                System::nanoTime);
    }

    public MeshySettings withAccounts(List<AccountSettings> newAccounts) {
        return new MeshySettings(newAccounts, queueTime, runTime, retention, streamInterval, nanoTime);
    }

    public MeshySettings withTimes(Duration newQueueTime, Duration newRunTime) {
        return new MeshySettings(accounts, newQueueTime, newRunTime, retention, streamInterval, nanoTime);
    }

    public MeshySettings withNanoTime(LongSupplier newNanoTime) {
        return new MeshySettings(accounts, queueTime, runTime, retention, streamInterval, newNanoTime);
    }
}
