package dev.kiln.local;

import dev.kiln.stack.PostgresServer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the crash tests read from the processes' shared PostgreSQL ledger, over plain JDBC: jobs, their transitions,
 * their work items (lease owner, fence, provider task) and the account slots. Read-only; one connection, not
 * thread-safe (a sampler thread opens its own).
 */
final class LedgerView implements AutoCloseable {

    /** One work item as the test sees it. */
    record Item(
            String jobId,
            int stepIndex,
            String step,
            String phase,
            String providerTaskId,
            String leaseOwner,
            boolean leaseLive,
            long fence) {}

    /** One transition of a job. */
    record Step(long sequence, String from, String to, String step) {}

    private final Connection connection;

    LedgerView(PostgresServer postgres) {
        Properties credentials = new Properties();
        credentials.setProperty("user", postgres.user());
        credentials.setProperty("password", postgres.password());
        try {
            // The driver directly: DriverManager may not see it from every class loader.
            connection = new org.postgresql.Driver().connect(postgres.jdbcUrl(), credentials);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to " + postgres.jdbcUrl(), e);
        }
    }

    /** Each job's state, by job id (jobs not recorded yet are missing). */
    Map<String, String> states(Collection<String> jobIds) {
        Map<String, String> states = new TreeMap<>();
        query(
                "SELECT id, state FROM job WHERE id = ANY(?)",
                jobIds,
                rs -> states.put(rs.getString(1), rs.getString(2)));
        return states;
    }

    /** Each job's outcome code (null while it has none). */
    Map<String, String> outcomes(Collection<String> jobIds) {
        Map<String, String> codes = new TreeMap<>();
        query(
                "SELECT id, outcome_code FROM job WHERE id = ANY(?)",
                jobIds,
                rs -> codes.put(rs.getString(1), rs.getString(2)));
        return codes;
    }

    /** The work items of these jobs, by job then step. */
    List<Item> items(Collection<String> jobIds) {
        List<Item> items = new ArrayList<>();
        query(
                "SELECT job_id, step_index, step, phase, provider_task_id, lease_owner,"
                        + " lease_expires_at > now() AS live, fence FROM work_item WHERE job_id = ANY(?)"
                        + " ORDER BY job_id, step_index",
                jobIds,
                rs -> items.add(new Item(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        rs.getLong(8))));
        return items;
    }

    /** Every job's transitions, in recorded order of sequence. */
    Map<String, List<Step>> transitions(Collection<String> jobIds) {
        Map<String, List<Step>> byJob = new LinkedHashMap<>();
        query(
                "SELECT job_id, sequence, from_state, to_state, step FROM job_transition WHERE job_id = ANY(?)"
                        + " ORDER BY job_id, sequence",
                jobIds,
                rs -> byJob.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                        .add(new Step(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5))));
        return byJob;
    }

    /** The slots held on {@code account} right now, by any job. */
    int slotsHeld(String account) {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT count(*) FROM account_slot WHERE account = ?")) {
            statement.setString(1, account);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count the slots of " + account, e);
        }
    }

    /** Sessions of this database idle inside a transaction (holding whatever locks they took), with their query. */
    List<String> idleInTransaction() {
        List<String> sessions = new ArrayList<>();
        try (PreparedStatement statement =
                        connection.prepareStatement("SELECT pid, now() - state_change, query FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                sessions.add(rs.getInt(1) + " idle " + rs.getString(2) + " after: " + rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read pg_stat_activity", e);
        }
        return sessions;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Collection<String> jobIds, RowReader reader) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array ids = connection.createArrayOf("text", jobIds.toArray());
            statement.setArray(1, ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing to do: the test is over.
        }
    }
}
