package dev.kiln.dispatch.budget;

/** The SQL of {@link AccountBudgets}, each statement with the reason it is correct under concurrency. */
final class BudgetStatements {

    /**
     * The proof below needs each statement to see what committed before it started; a server configured for
     * REPEATABLE READ would let a take count slots from a snapshot older than the lock it waited for.
     */
    static final String READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    /**
     * Serialises the takes of one account: every slot insert happens while its taker holds this row lock, and
     * the row is the newest version once the lock is granted (so a pause set meanwhile is seen).
     */
    static final String LOCK_BUDGET =
            "SELECT max_in_flight, paused_until FROM account_budget WHERE account = $1 FOR UPDATE";

    /**
     * Run under {@link #LOCK_BUDGET}, as its own statement so that its snapshot is taken after the lock was
     * granted and so includes every slot committed by earlier lock holders. Counting and inserting in one
     * statement keeps the count and the insert on that snapshot. Hence at every commit an account holds at most
     * {@code max_in_flight} slots: inserts only follow a count below it, and releases only remove rows. A job step
     * that already holds its slot (a retried take) is answered from {@code held} without counting.
     * Parameters: account, job id, step, now, may take (not paused), max in flight.
     */
    static final String TAKE =
            """
            WITH held AS (
                SELECT account FROM account_slot WHERE job_id = $2 AND step = $3
            ), taken AS (
                INSERT INTO account_slot (account, job_id, step, taken_at)
                SELECT $1::text, $2::text, $3::text, $4::timestamptz
                WHERE $5::boolean AND NOT EXISTS (SELECT 1 FROM held)
                  AND (SELECT count(*) FROM account_slot WHERE account = $1) < $6::bigint
                RETURNING account
            )
            SELECT (SELECT account FROM held) AS held, EXISTS (SELECT 1 FROM taken) AS taken
            """;

    /**
     * Gives a slot back and, in the same statement, NOTIFYs its account once (none when nothing was held, so a
     * repeated release wakes nobody). The notification is delivered at commit, when the freed slot is visible.
     */
    /**
     * Frees the slots no unfinished step can still own (its step ended, but the release after the end's commit was
     * lost to a crash or an outage), once older than a grace period, and wakes the dispatchers.
     */
    static final String REAP =
            """
            WITH reaped AS (
                DELETE FROM account_slot s
                 WHERE s.taken_at < $1
                   AND NOT EXISTS (SELECT 1 FROM work_item w
                                    WHERE w.job_id = s.job_id AND w.step = s.step
                                      AND w.phase IN ('submit', 'track', 'reconcile'))
                RETURNING account
            )
            SELECT pg_notify('%s', account), account FROM (SELECT DISTINCT account FROM reaped) AS accounts
            """
                    .formatted(AccountBudgets.RELEASED_CHANNEL);

    static final String RELEASE =
            """
            WITH released AS (
                DELETE FROM account_slot WHERE job_id = $1 AND step = $2 RETURNING account
            )
            SELECT pg_notify('%s', account) FROM (SELECT DISTINCT account FROM released) AS accounts
            """
                    .formatted(AccountBudgets.RELEASED_CHANNEL);

    /**
     * Extends a pause, never shortens it. SET reads the row as it was, so the reason changes only with the time;
     * the UPDATE's row lock orders it with takes.
     */
    static final String PAUSE =
            """
            UPDATE account_budget
            SET pause_reason = CASE WHEN paused_until IS NULL OR paused_until < $2::timestamptz THEN $3::text ELSE pause_reason END,
                paused_until = GREATEST(paused_until, $2::timestamptz)
            WHERE account = $1
            RETURNING account
            """;

    static final String READ_PAUSE = "SELECT paused_until, pause_reason FROM account_budget WHERE account = $1";

    /**
     * Takes one request token if the bucket, refilled up to now, holds one: a single conditional UPDATE, whose
     * condition and new values PostgreSQL re-evaluates on the newest row version when a concurrent update got
     * there first, so two replicas never spend the same token. Time never runs backwards for the bucket
     * (GREATEST), so a replica whose clock lags cannot refill it twice. Parameters: account, now.
     */
    static final String TAKE_TOKEN =
            """
            UPDATE account_budget
            SET tokens = LEAST(burst, tokens + GREATEST(0, EXTRACT(EPOCH FROM ($2::timestamptz - refilled_at)))::float8
                                               * requests_per_second) - 1,
                refilled_at = GREATEST(refilled_at, $2::timestamptz)
            WHERE account = $1
              AND LEAST(burst, tokens + GREATEST(0, EXTRACT(EPOCH FROM ($2::timestamptz - refilled_at)))::float8
                                        * requests_per_second) >= 1
            RETURNING account
            """;

    static final String READ_BUCKET =
            "SELECT tokens, refilled_at, requests_per_second, burst FROM account_budget WHERE account = $1";

    /**
     * Creates a budget or changes its limits, keeping the held slots and the pause. A smaller burst caps the
     * tokens left. Parameters: account, max in flight, requests per second, burst, now.
     */
    static final String CONFIGURE =
            """
            INSERT INTO account_budget (account, max_in_flight, requests_per_second, burst, tokens, refilled_at,
                                        updated_at)
            VALUES ($1, $2, $3, $4::integer, $4::integer, $5, $5)
            ON CONFLICT (account) DO UPDATE
            SET max_in_flight = EXCLUDED.max_in_flight,
                requests_per_second = EXCLUDED.requests_per_second,
                burst = EXCLUDED.burst,
                tokens = LEAST(account_budget.tokens, EXCLUDED.burst),
                updated_at = EXCLUDED.updated_at
            """;

    static final String SNAPSHOT =
            """
            SELECT b.account, b.max_in_flight, b.requests_per_second, b.burst, b.paused_until, b.pause_reason,
                   (SELECT count(*) FROM account_slot s WHERE s.account = b.account) AS in_flight
            FROM account_budget b
            ORDER BY b.account
            """;

    private BudgetStatements() {}
}
