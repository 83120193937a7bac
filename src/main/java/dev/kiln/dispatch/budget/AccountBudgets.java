package dev.kiln.dispatch.budget;

import static dev.kiln.dispatch.budget.BudgetStatements.CONFIGURE;
import static dev.kiln.dispatch.budget.BudgetStatements.LOCK_BUDGET;
import static dev.kiln.dispatch.budget.BudgetStatements.PAUSE;
import static dev.kiln.dispatch.budget.BudgetStatements.READ_BUCKET;
import static dev.kiln.dispatch.budget.BudgetStatements.READ_COMMITTED;
import static dev.kiln.dispatch.budget.BudgetStatements.READ_PAUSE;
import static dev.kiln.dispatch.budget.BudgetStatements.RELEASE;
import static dev.kiln.dispatch.budget.BudgetStatements.SNAPSHOT;
import static dev.kiln.dispatch.budget.BudgetStatements.TAKE;
import static dev.kiln.dispatch.budget.BudgetStatements.TAKE_TOKEN;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider capacity shared by every replica, kept in PostgreSQL: per provider account a number of slots (one
 * held by each job step from its create call until its provider task ends), a pause (a provider's Retry-After)
 * and a request-rate token bucket. Nothing here blocks or waits: a refused take or request says so at once,
 * and a dispatcher waits for {@link #RELEASED_CHANNEL} (LISTEN) or for the time it was given.
 *
 * <p>Accounts are plain keys ({@link BudgetAccounts}); an account without a budget row is an error, not an
 * account without limits. Times come from the injected {@link Clock}, so tests can move them.
 */
@ApplicationScoped
public class AccountBudgets {

    /** NOTIFY channel of released slots; the payload is the account that has a slot free. */
    public static final String RELEASED_CHANNEL = "kiln_budget";

    /** The step key of a job's only step, for callers that have no step name. */
    static final String ONLY_STEP = "";

    private final Pool pool;
    private final Clock clock;

    @Inject
    public AccountBudgets(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Takes a slot of the account for this job step if fewer than its maximum are held and the account is not
     * paused. Answers true when the step holds a slot afterwards: taking again a slot already held is true and
     * takes nothing more (also while the account is paused or full).
     *
     * @param step the step's name; null for a job's only step
     */
    public Uni<Boolean> tryTake(String account, String jobId, String step) {
        String stepKey = stepKey(step);
        return pool.withTransaction(connection -> {
            OffsetDateTime now = now();
            return connection
                    .query(READ_COMMITTED)
                    .execute()
                    .chain(() -> connection.preparedQuery(LOCK_BUDGET).execute(Tuple.of(account)))
                    .chain(budget -> {
                        Row row = single(budget, account);
                        boolean mayTake = !pausedAt(row.getOffsetDateTime("paused_until"), now);
                        long max = row.getInteger("max_in_flight");
                        return connection
                                .preparedQuery(TAKE)
                                .execute(Tuple.from(List.of(account, jobId, stepKey, now, mayTake, max)));
                    })
                    .map(result -> {
                        Row row = result.iterator().next();
                        String heldBy = row.getString("held");
                        if (heldBy == null) {
                            return row.getBoolean("taken");
                        }
                        if (!heldBy.equals(account)) {
                            throw new IllegalStateException("Job " + jobId + " step '" + stepKey
                                    + "' holds a slot of account " + heldBy + ", not " + account);
                        }
                        return true;
                    });
        });
    }

    /**
     * Gives back the slot this job step holds, if any, and wakes the dispatchers of every replica (one NOTIFY on
     * {@link #RELEASED_CHANNEL}, at commit). Releasing a slot not held does nothing and notifies nobody.
     *
     * @param step the step's name; null for a job's only step
     */
    public Uni<Void> release(String jobId, String step) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(jobId, stepKey(step)))
                .replaceWithVoid();
    }

    /**
     * Frees every slot taken before {@code takenBefore} whose step is no longer waiting, submitting, tracked or
     * reconciled: the safety net behind {@link #release}, which runs after the step's end has committed and can
     * be lost to a crash. Answers the accounts that got slots back.
     */
    public Uni<List<String>> reapOrphans(Instant takenBefore) {
        return pool.preparedQuery(BudgetStatements.REAP)
                .execute(Tuple.of(utc(takenBefore)))
                .map(rows -> {
                    List<String> accounts = new java.util.ArrayList<>();
                    rows.forEach(row -> accounts.add(row.getString("account")));
                    return accounts;
                });
    }

    /**
     * Pauses the account's takes (for every replica) until {@code until}. A pause already lasting longer is
     * kept, with its reason. Request tokens are not paused: a pause stops new tasks, while the tracking of
     * running ones, which is what frees slots, goes on; a caller that must hold back every request reads
     * {@link #pauseOf}.
     */
    public Uni<Void> pause(String account, Instant until, String reason) {
        return pool.preparedQuery(PAUSE)
                .execute(Tuple.of(account, utc(until), reason))
                .invoke(rows -> single(rows, account))
                .replaceWithVoid();
    }

    /** The account's pause, if it is paused now. */
    public Uni<Optional<AccountPause>> pauseOf(String account) {
        return pool.preparedQuery(READ_PAUSE).execute(Tuple.of(account)).map(rows -> {
            Row row = single(rows, account);
            OffsetDateTime until = row.getOffsetDateTime("paused_until");
            return pausedAt(until, now())
                    ? Optional.of(new AccountPause(until.toInstant(), row.getString("pause_reason")))
                    : Optional.empty();
        });
    }

    /**
     * Asks for one request to the account's provider, under the request rate shared by all replicas. Answers
     * zero when a token was taken (send the request now), else how long to wait before asking again.
     */
    public Uni<Duration> reserveRequest(String account) {
        OffsetDateTime now = now();
        return pool.preparedQuery(TAKE_TOKEN).execute(Tuple.of(account, now)).chain(taken -> {
            if (taken.rowCount() > 0) {
                return Uni.createFrom().item(Duration.ZERO);
            }
            return pool.preparedQuery(READ_BUCKET)
                    .execute(Tuple.of(account))
                    .map(rows -> TokenBucket.waitFor(single(rows, account), now));
        });
    }

    /** Every account's budget: slots held, maximum, pause. For operators and metrics. */
    public Uni<List<BudgetSnapshot>> snapshot() {
        return pool.query(SNAPSHOT).execute().map(rows -> {
            OffsetDateTime now = now();
            List<BudgetSnapshot> budgets = new ArrayList<>();
            for (Row row : rows) {
                OffsetDateTime until = row.getOffsetDateTime("paused_until");
                boolean paused = pausedAt(until, now);
                budgets.add(new BudgetSnapshot(
                        row.getString("account"),
                        row.getLong("in_flight").intValue(),
                        row.getInteger("max_in_flight"),
                        row.getDouble("requests_per_second"),
                        row.getInteger("burst"),
                        paused ? Optional.of(until.toInstant()) : Optional.empty(),
                        paused ? Optional.ofNullable(row.getString("pause_reason")) : Optional.empty()));
            }
            return budgets;
        });
    }

    /**
     * Creates or updates the budget rows of these accounts. Held slots and pauses stay: a smaller maximum only
     * refuses new takes until enough slots are released. Replicas started with different limits leave the last
     * writer's.
     */
    public Uni<Void> configure(Map<String, AccountLimits> accounts) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = now();
        List<Tuple> rows = new ArrayList<>();
        accounts.forEach((account, limits) ->
                rows.add(Tuple.of(account, limits.maxInFlight(), limits.requestsPerSecond(), limits.burst(), now)));
        return pool.withTransaction(
                        connection -> connection.preparedQuery(CONFIGURE).executeBatch(rows))
                .replaceWithVoid();
    }

    static String stepKey(String step) {
        return step == null ? ONLY_STEP : step;
    }

    private static boolean pausedAt(OffsetDateTime until, OffsetDateTime now) {
        return until != null && until.isAfter(now);
    }

    private static Row single(RowSet<Row> rows, String account) {
        if (rows.size() == 0) {
            throw new IllegalArgumentException("No budget for provider account " + account + ": configure kiln.budgets."
                    + account + ".max-in-flight");
        }
        return rows.iterator().next();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
