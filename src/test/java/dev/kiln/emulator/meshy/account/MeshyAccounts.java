package dev.kiln.emulator.meshy.account;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.scenario.Scenario;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The emulated Meshy accounts, kept in the core's account registry (so {@code PUT /_emulator/accounts/meshy/{id}}
 * changes them): API keys as credentials {@code apiKey}, {@code apiKey2}, {@code apiKey3}; the credit balance;
 * {@code concurrency} = how many tasks run at once; and in {@code settings} the per-account limits
 * {@value #REQUESTS_PER_SECOND} and {@value #QUEUE_LIMIT}. Limits are per account, shared by its keys.
 */
public final class MeshyAccounts {

    public static final String PROVIDER = "meshy";

    /** The default account's first key. Emulator-only values, nothing like a real Meshy key. */
    public static final String DEFAULT_KEY = "emulator-meshy-key";
    /** A second key of the default account: same credits, rate and queue, but its own figure prototypes. */
    public static final String DEFAULT_SECOND_KEY = "emulator-meshy-key-2";
    /** The key of a second, separate account. */
    public static final String OTHER_ACCOUNT_KEY = "emulator-meshy-other-account-key";
    /** The key of an account without credits: creates answer 402. */
    public static final String NO_CREDITS_KEY = "emulator-meshy-no-credits-key";

    /** Account setting: requests per second before {@code 429 RateLimitExceeded} (Meshy Pro: 20). */
    public static final String REQUESTS_PER_SECOND = "requestsPerSecond";
    /** Account setting: PENDING + IN_PROGRESS tasks before {@code 429 NoMoreConcurrentTasks} (Meshy Pro: 10). */
    public static final String QUEUE_LIMIT = "queueLimit";

    static final List<String> KEY_CREDENTIALS = List.of("apiKey", "apiKey2", "apiKey3");
    static final int DEFAULT_REQUESTS_PER_SECOND = 20;
    static final int DEFAULT_QUEUE_LIMIT = 10;
    /** Meshy does not say how many queued tasks run at once; 4 makes {@code preceding_tasks} show early. */
    static final int DEFAULT_RUNNING = 4;

    static final BigDecimal DEFAULT_CREDITS = BigDecimal.valueOf(100_000);

    private final LongSupplier nanoTime;
    private final Map<String, RequestRateLimiter> rateLimiters = new ConcurrentHashMap<>();

    /** @param nanoTime the monotonic time the request rate is measured in (a test may drive it) */
    public MeshyAccounts(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Registers the default accounts and forgets the request windows. */
    public void reset(EmulatorContext ctx) {
        rateLimiters.clear();
        register(ctx, "default", DEFAULT_CREDITS, DEFAULT_KEY, DEFAULT_SECOND_KEY);
        register(ctx, "other", DEFAULT_CREDITS, OTHER_ACCOUNT_KEY);
        register(ctx, "no-credits", BigDecimal.ZERO, NO_CREDITS_KEY);
    }

    private static void register(EmulatorContext ctx, String id, BigDecimal credits, String... keys) {
        Account account = new Account(PROVIDER, id, credits, DEFAULT_RUNNING);
        for (int i = 0; i < keys.length; i++) {
            account.credential(KEY_CREDENTIALS.get(i), keys[i]);
        }
        account.settings().put(REQUESTS_PER_SECOND, DEFAULT_REQUESTS_PER_SECOND).put(QUEUE_LIMIT, DEFAULT_QUEUE_LIMIT);
        ctx.accounts().register(account);
    }

    /** The caller named by an {@code Authorization: Bearer <key>} header, or empty for a missing or unknown key. */
    public Optional<Caller> authenticate(EmulatorContext ctx, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = authorization.substring(7).trim();
        for (String credential : KEY_CREDENTIALS) {
            Optional<Account> account = ctx.accounts().findByCredential(PROVIDER, credential, key);
            if (account.isPresent()) {
                return Optional.of(new Caller(account.get(), key));
            }
        }
        return Optional.empty();
    }

    /**
     * Counts a request; throws {@code 429 RateLimitExceeded} over the account's rate. No source documents a
     * {@code Retry-After} on it, so none is sent unless the scenario's {@code rateLimitRetryAfter: true} asks
     * for one (the seconds until the next request is admitted). An injected 429 ({@code fault}, with
     * {@code retryAfterSeconds}) is the core's and unaffected.
     */
    public void throttle(Caller caller, Scenario scenario) {
        int perSecond = caller.account().settings().getInteger(REQUESTS_PER_SECOND, DEFAULT_REQUESTS_PER_SECOND);
        long retryAfter = rateLimiters
                .computeIfAbsent(caller.account().id(), id -> new RequestRateLimiter(nanoTime))
                .tryAcquire(perSecond);
        if (retryAfter > 0) {
            boolean withRetryAfter = scenario.string("rateLimitRetryAfter")
                    .map(Boolean::parseBoolean)
                    .orElse(false);
            throw new MeshyError(429, MeshyError.RATE_LIMIT_EXCEEDED, withRetryAfter ? retryAfter : 0);
        }
    }

    public static int queueLimit(Account account) {
        return account.settings().getInteger(QUEUE_LIMIT, DEFAULT_QUEUE_LIMIT);
    }
}
