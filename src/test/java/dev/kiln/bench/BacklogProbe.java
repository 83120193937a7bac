package dev.kiln.bench;

import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.calls.CallRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backlog figure: how long a freed slot takes to become the next create call at the emulator, with the
 * account's budget full and a few jobs waiting, then with {@code backlog} more jobs waiting in {@code QUEUED}
 * (inserted with SQL, work items in phase {@code submit}). A slot is freed exactly as
 * {@link AccountBudgets#release} frees one (delete the slot row and NOTIFY {@value AccountBudgets#RELEASED_CHANNEL}
 * in one statement); the slots freed are placeholders the probe inserted to fill the budget. The emulator's tasks
 * are made long first, so each job dispatched holds its slot and the budget is full again for the next sample.
 */
final class BacklogProbe {

    static final String ACCOUNT = "hunyuan3d-pro";
    private static final String EMULATOR_PROVIDER = "hunyuan";
    private static final Duration CREATE_WITHIN = Duration.ofSeconds(60);

    private static final String RELEASE =
            """
            WITH released AS (DELETE FROM account_slot WHERE job_id = ? AND step = '' RETURNING account)
            SELECT pg_notify('%s', account) FROM (SELECT DISTINCT account FROM released) AS accounts
            """
                    .formatted(AccountBudgets.RELEASED_CHANNEL);

    /** Medians and samples of one condition, in milliseconds. */
    record Samples(int waiting, double[] millis) {
        double median() {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        }
    }

    record Result(Samples empty, Samples full, double insertSeconds, List<String> plans) {}

    private final Connection db;
    private final EmulatorServer emulator;
    private final String prefix;
    private int placeholders;

    BacklogProbe(Connection db, EmulatorServer emulator, String prefix) {
        this.db = db;
        this.emulator = emulator;
        this.prefix = prefix;
    }

    /**
     * @param template a job of the account that reached the provider, whose request the inserted jobs copy
     */
    Result run(String template, int backlog, int samples) throws Exception {
        emulator.context()
                .scenarios()
                .base(emulator.context().scenarios().base().with("processingMillis", 3_600_000));
        fill(samples);
        insertQueued(template, prefix + "few-", samples);
        Samples empty = sample(samples, waiting());
        say("  backlog: " + samples + " samples with " + empty.waiting() + " waiting done; inserting " + backlog
                + " queued jobs …");
        fill(samples);
        long start = System.nanoTime();
        int chunk = 100_000;
        for (int from = 0; from < backlog; from += chunk) {
            insertQueued(template, prefix + "backlog-" + from + "-", Math.min(chunk, backlog - from));
        }
        double insertSeconds = (System.nanoTime() - start) / 1e9;
        try (Statement s = db.createStatement()) {
            s.execute("ANALYZE job");
            s.execute("ANALYZE work_item");
        }
        say(String.format("  backlog: inserted in %.1f s; sampling …", insertSeconds));
        List<String> plans = plans();
        Samples full = sample(samples, waiting());
        return new Result(empty, full, insertSeconds, plans);
    }

    /** Adds {@code n} placeholder slots and raises the budget by as many: it stays full, with n slots to free. */
    private void fill(int n) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO account_slot (job_id, step, account, taken_at) VALUES (?, '', ?, now())");
                Statement s = db.createStatement()) {
            for (int i = 0; i < n; i++) {
                insert.setString(1, placeholder(placeholders + i));
                insert.setString(2, ACCOUNT);
                insert.executeUpdate();
            }
            s.executeUpdate("UPDATE account_budget SET max_in_flight = (SELECT count(*) FROM account_slot WHERE account"
                    + " = '" + ACCOUNT + "') WHERE account = '" + ACCOUNT + "'");
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    private Samples sample(int n, int waiting) throws Exception {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            int before = creates().size();
            Instant freed = Instant.now();
            try (PreparedStatement release = db.prepareStatement(RELEASE)) {
                release.setString(1, placeholder(placeholders++));
                release.executeQuery().close();
            }
            CallRecord created = awaitCreate(before);
            millis[i] = Duration.between(freed, Instant.parse(created.toJson().getString("at")))
                            .toNanos()
                    / 1e6;
            awaitNothingSubmitting();
        }
        return new Samples(waiting, millis);
    }

    private CallRecord awaitCreate(int before) throws InterruptedException {
        long deadline = System.nanoTime() + CREATE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            List<CallRecord> creates = creates();
            if (creates.size() > before) {
                return creates.get(before);
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("No create call within " + CREATE_WITHIN + " of a freed slot");
    }

    /** The job just dispatched has recorded its task (SUBMITTED), so the next sample starts from rest. */
    private void awaitNothingSubmitting() throws Exception {
        long deadline = System.nanoTime() + CREATE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = db.createStatement();
                    ResultSet rows = s.executeQuery("SELECT count(*) FROM job WHERE state = 'SUBMITTING'")) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("A dispatched job stayed SUBMITTING for " + CREATE_WITHIN);
    }

    private List<CallRecord> creates() {
        return emulator.context().calls().calls(EMULATOR_PROVIDER, null, "create");
    }

    private int waiting() throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT count(*) FROM work_item WHERE phase = 'submit' AND account = '" + ACCOUNT + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** {@code n} jobs in QUEUED, each with its work item due in phase submit, copying {@code template}'s request. */
    private void insertQueued(String template, String idPrefix, int n) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement jobs = db.prepareStatement(
                        """
                        INSERT INTO job (id, provider, state, version, step, request, request_fingerprint, labels,
                                         created_at, updated_at)
                        SELECT ? || g, provider, 'QUEUED', 2, step, request, request_fingerprint, labels, now(), now()
                        FROM job, generate_series(1, ?) AS g WHERE id = ?""");
                PreparedStatement items = db.prepareStatement(
                        """
                        INSERT INTO work_item (job_id, step_index, step, phase, account, tenant, due_at, created_at,
                                               updated_at)
                        SELECT ? || g, 0, w.step, 'submit', w.account, w.tenant, now(), now(), now()
                        FROM work_item w, generate_series(1, ?) AS g WHERE w.job_id = ? AND w.step_index = 0""")) {
            for (PreparedStatement insert : List.of(jobs, items)) {
                insert.setString(1, idPrefix);
                insert.setInt(2, n);
                insert.setString(3, template);
                insert.executeUpdate();
            }
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** EXPLAIN ANALYZE of the two claims a freed slot runs (WorkItems.CLAIM), rolled back. */
    private List<String> plans() throws SQLException {
        List<String> plans = new ArrayList<>();
        String claim = claimStatement()
                .replace("$1", "'bench-explain'")
                .replace("$2", "now() + interval '20 seconds'")
                .replace("$3", "now()")
                .replace("$4", "'submit'")
                .replace("$5", "1");
        for (String[] variant : new String[][] {
            {"per account (free slots of " + ACCOUNT + ")", "'" + ACCOUNT + "'", "false"},
            {"stopping (canceled or past deadline, any account)", "NULL", "true"}
        }) {
            String sql = claim.replace("$6", variant[1]).replace("$7", variant[2]);
            StringBuilder plan = new StringBuilder("  claim " + variant[0] + ":\n");
            db.setAutoCommit(false);
            try (Statement s = db.createStatement();
                    ResultSet rows = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                while (rows.next()) {
                    plan.append("    ").append(rows.getString(1)).append('\n');
                }
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
            plans.add(plan.toString());
        }
        return plans;
    }

    /** The claim exactly as Kiln runs it (package-private in {@code dev.kiln.work}, so read reflectively). */
    private static String claimStatement() {
        try {
            java.lang.reflect.Field field = dev.kiln.work.WorkItems.class.getDeclaredField("CLAIM");
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("WorkItems.CLAIM is gone; update the benchmark", e);
        }
    }

    private String placeholder(int i) {
        return prefix + "placeholder-" + i;
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
