package dev.kiln.emulator.meshy.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.meshy.account.AccountSettings;
import dev.kiln.emulator.meshy.account.MeshyAccount;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskEngineTest {

    private static final long QUEUE = 1_000;
    private static final long RUN = 10_000;
    private static final long RETENTION = 3 * 24 * 3_600_000L;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final TaskEngine engine = new TaskEngine(clock::get, RETENTION);
    private final MeshyAccount account =
            new MeshyAccount(new AccountSettings("a", List.of("k"), 1_000, 20, 10, 2), System::nanoTime);

    private TaskSnapshot create(TaskFailure failure, int failAt) {
        TaskSpec spec = new TaskSpec(
                TaskKind.IMAGE_TO_3D, "", 30, new TaskOutputs(Map.of(), Map.of(), null, List.of()), "", "", null);
        assertThat(account.charge(30)).isTrue();
        return engine.create(
                TaskIds.next(clock.get()), account, "k", spec, new TaskPlan(QUEUE, RUN, failure, failAt, 0));
    }

    private TaskSnapshot read(TaskSnapshot task) {
        return engine.find(task.id()).orElseThrow();
    }

    @Test
    void tasksWaitPendingBehindTheAccountsRunningSlots() {
        TaskSnapshot first = create(null, 0);
        TaskSnapshot second = create(null, 0);
        TaskSnapshot third = create(null, 0);
        assertThat(List.of(first, second, third))
                .extracting(TaskSnapshot::status, TaskSnapshot::precedingTasks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TaskStatus.PENDING, 0),
                        org.assertj.core.groups.Tuple.tuple(TaskStatus.PENDING, 1),
                        org.assertj.core.groups.Tuple.tuple(TaskStatus.PENDING, 2));

        clock.addAndGet(QUEUE + RUN / 2);
        assertThat(read(first).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(read(first).progress()).isEqualTo(50);
        assertThat(read(second).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(read(third).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(read(third).precedingTasks()).isZero();
        assertThat(engine.activeCount(account)).isEqualTo(3);

        // The third starts at the exact instant a slot frees, however late it is read.
        long firstEnds = clock.get() + RUN / 2;
        clock.addAndGet(RUN);
        TaskSnapshot done = read(first);
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.finishedAt()).isEqualTo(firstEnds);
        assertThat(done.expiresAt()).isEqualTo(firstEnds + RETENTION);
        assertThat(read(third).startedAt()).isEqualTo(firstEnds);
        assertThat(read(third).status()).isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void aPlannedFailureEndsAtItsProgressAndRefunds() {
        TaskSnapshot task = create(TaskFailure.named("timeout"), 40);
        long balanceAfterCharge = account.credits();
        clock.addAndGet(QUEUE + RUN * 40 / 100 - 1);
        assertThat(read(task).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(read(task).consumedCredits()).isEqualTo(30);

        clock.addAndGet(1);
        TaskSnapshot failed = read(task);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.progress()).isEqualTo(40);
        assertThat(failed.failure().type()).isEqualTo(TaskFailure.TIMEOUT);
        assertThat(failed.consumedCredits()).isZero();
        assertThat(account.credits()).isEqualTo(balanceAfterCharge + 30);
    }

    @Test
    void cancelRefundsOnlyWhatHasNotStarted() {
        TaskSnapshot pending = create(null, 0);
        assertThat(engine.cancel(pending.id())).isEqualTo(TaskEngine.CancelOutcome.CANCELED_REFUNDED);
        assertThat(read(pending).consumedCredits()).isZero();

        TaskSnapshot running = create(null, 0);
        clock.addAndGet(QUEUE + 1);
        assertThat(engine.cancel(running.id())).isEqualTo(TaskEngine.CancelOutcome.CANCELED_NOT_REFUNDED);
        assertThat(read(running).status()).isEqualTo(TaskStatus.CANCELED);
        assertThat(read(running).consumedCredits()).isEqualTo(30);
        assertThat(engine.cancel(running.id())).isEqualTo(TaskEngine.CancelOutcome.ALREADY_FINISHED);
        assertThat(account.credits()).isEqualTo(1_000 - 30);
        assertThat(engine.activeCount(account)).isZero();
    }

    @Test
    void deleteRemovesTheTaskAndFreesItsSlot() {
        TaskSnapshot first = create(null, 0);
        TaskSnapshot second = create(null, 0);
        TaskSnapshot third = create(null, 0);
        clock.addAndGet(QUEUE);
        assertThat(engine.delete(first.id())).isTrue();
        assertThat(engine.find(first.id())).isEmpty();
        assertThat(read(third).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(read(second).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(engine.delete(first.id())).isFalse();
    }

    @Test
    void pagesAreOrderedByCreationEitherWay() {
        TaskSnapshot a = create(null, 0);
        clock.addAndGet(1);
        TaskSnapshot b = create(null, 0);
        TaskSnapshot c = create(null, 0); // same millisecond as b: creation order breaks the tie
        assertThat(engine.page(t -> true, true, 1, 2))
                .extracting(TaskSnapshot::id)
                .containsExactly(c.id(), b.id());
        assertThat(engine.page(t -> true, true, 2, 2))
                .extracting(TaskSnapshot::id)
                .containsExactly(a.id());
        assertThat(engine.page(t -> true, false, 1, 10))
                .extracting(TaskSnapshot::id)
                .containsExactly(a.id(), b.id(), c.id());
        assertThat(engine.page(t -> true, false, 3, 2)).isEmpty();
    }
}
