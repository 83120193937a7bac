package dev.kiln.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.dispatch.budget.AccountLimits;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkItems;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Dispatch's claim of waiting submissions across accounts, against the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class SubmitClaimTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    SubmitHandler submit;

    @Inject
    WorkItems items;

    @Inject
    AccountBudgets budgets;

    @Inject
    Pool pool;

    /**
     * An account whose free slots exceed the claim's room, with nobody waiting, sorted before the account that has
     * a job waiting: the waiting job is still claimed. (Before, the first account was given the whole room and the
     * others nothing, every time; the benchmark's large budgets left jobs QUEUED for good.)
     */
    @Test
    void anIdleAccountWithManyFreeSlotsLeavesTheRoomToAccountsWithWaitingJobs() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String idle = "claim-a-idle-" + run;
        String busy = "claim-b-busy-" + run;
        budgets.configure(Map.of(idle, new AccountLimits(1000, 100, 10), busy, new AccountLimits(5, 100, 10)))
                .await()
                .atMost(DEADLINE);
        String jobId = "claim-test-" + run;
        pool.preparedQuery("INSERT INTO job (id, provider, state, version, request, request_fingerprint, created_at,"
                        + " updated_at) VALUES ($1, 'hunyuan3d-pro', 'QUEUED', 2, '{}', 'x', now(), now())")
                .execute(Tuple.of(jobId))
                .await()
                .atMost(DEADLINE);
        pool.preparedQuery("INSERT INTO work_item (job_id, step_index, step, phase, account, due_at, created_at,"
                        + " updated_at) VALUES ($1, 0, 'generate', 'submit', $2, now(), now(), now())")
                .execute(Tuple.of(jobId, busy))
                .await()
                .atMost(DEADLINE);

        List<WorkItem> claimed = submit.claim(items, "claim-test-owner", 10, Duration.ofSeconds(20))
                .await()
                .atMost(DEADLINE);

        assertThat(claimed).extracting(WorkItem::jobId).contains(jobId);
    }
}
