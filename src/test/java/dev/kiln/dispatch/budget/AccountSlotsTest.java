package dev.kiln.dispatch.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kiln.stack.KilnStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class AccountSlotsTest extends BudgetTestSupport {

    private static final AccountLimits FIVE = new AccountLimits(5, 10, 5);

    @Test
    void concurrentTakesFromThreeReplicasHoldExactlyTheMaximum() {
        List<AccountBudgets> fleet = List.of(
                replicas.replica(6, Clock.systemUTC()),
                replicas.replica(6, Clock.systemUTC()),
                replicas.replica(6, Clock.systemUTC()));
        for (int round = 0; round < 5; round++) {
            String account = account("race", new AccountLimits(7, 10, 5));
            List<Uni<Boolean>> takes = new ArrayList<>();
            for (int job = 0; job < 60; job++) {
                takes.add(fleet.get(job % fleet.size()).tryTake(account, job("r" + round + "-job-" + job), "main"));
            }
            List<Boolean> answers = answer(Uni.join().all(takes).andFailFast());

            assertThat(answers).filteredOn(taken -> taken).hasSize(7);
            assertThat(snapshotOf(account).inFlight()).isEqualTo(7);
        }
    }

    @Test
    void slotsNeverExceedTheMaximumWhileReplicasTakeAndReleaseAtOnce() {
        String account = account("churn", new AccountLimits(4, 10, 5));
        List<AccountBudgets> fleet = List.of(
                replicas.replica(4, Clock.systemUTC()),
                replicas.replica(4, Clock.systemUTC()),
                replicas.replica(4, Clock.systemUTC()));
        var observer = pool;
        AtomicInteger mostSeen = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        // Samples the committed slot count as fast as it can while the workers churn.
        Uni<Void> sampler = Uni.createFrom()
                .deferred(() -> observer.preparedQuery("SELECT count(*) AS held FROM account_slot WHERE account = $1")
                        .execute(Tuple.of(account)))
                .invoke(rows -> mostSeen.accumulateAndGet(
                        rows.iterator().next().getLong("held").intValue(), Math::max))
                .repeat()
                .until(ignored -> done.get())
                .collect()
                .last()
                .replaceWithVoid();
        List<Uni<Void>> workers = new ArrayList<>();
        for (int job = 0; job < 24; job++) {
            AccountBudgets replica = fleet.get(job % fleet.size());
            String jobId = job("job-" + job);
            // Workload pacing, not waits for conditions: a refused worker asks again 5 ms later, and a worker
            // holds its slot for 20 ms, like a (very short) provider task.
            workers.add(Uni.createFrom()
                    .deferred(() -> replica.tryTake(account, jobId, "main"))
                    .repeat()
                    .withDelay(Duration.ofMillis(5))
                    .until(taken -> taken)
                    .collect()
                    .last()
                    .onItem()
                    .delayIt()
                    .by(Duration.ofMillis(20))
                    .chain(() -> replica.release(jobId, "main")));
        }
        Uni<Void> churn = Uni.join()
                .all(workers)
                .andFailFast()
                .eventually(() -> done.set(true))
                .replaceWithVoid();

        answer(Uni.join().all(churn, sampler).andFailFast());

        assertThat(mostSeen.get()).isBetween(1, 4);
        assertThat(snapshotOf(account).inFlight()).isZero();
    }

    @Test
    void releaseFreesExactlyOneSlotAndWakesAListenerOnce() {
        String account = account("release", new AccountLimits(2, 10, 5));
        ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, replicas.connectOptions());
        subscriber.channel(AccountBudgets.RELEASED_CHANNEL).handler(heard::add);
        answer(subscriber.connect());
        try {
            // The LISTEN is in place once a notification of our own comes back.
            notifyMarker("listening-" + account);
            await().atMost(DEADLINE).until(() -> heard.contains("listening-" + account));
            assertThat(answer(budgets.tryTake(account, job("j1"), "main"))).isTrue();
            assertThat(answer(budgets.tryTake(account, job("j2"), "main"))).isTrue();
            assertThat(answer(budgets.tryTake(account, job("j3"), "main"))).isFalse();

            answer(budgets.release(job("j1"), "main"));

            await().atMost(Duration.ofSeconds(2)).until(() -> heard.contains(account));
            assertThat(answer(budgets.tryTake(account, job("j3"), "main"))).isTrue();
            assertThat(answer(budgets.tryTake(account, job("j4"), "main"))).isFalse();
            // A second release of the same slot frees nothing and wakes nobody: notifications arrive in commit
            // order, so once a later marker is heard, no second one for the account is coming.
            answer(budgets.release(job("j1"), "main"));
            notifyMarker("after-" + account);
            await().atMost(DEADLINE).until(() -> heard.contains("after-" + account));
            assertThat(heard).filteredOn(account::equals).hasSize(1);
            assertThat(snapshotOf(account).inFlight()).isEqualTo(2);
        } finally {
            subscriber.closeAndForget();
        }
    }

    @Test
    void takingTwiceHoldsOneSlotAndReleasingTwiceFreesOne() {
        String account = account("twice", new AccountLimits(2, 10, 5));
        AccountBudgets other = replicas.replica(4, Clock.systemUTC());
        // The same step taken at once by both replicas, many times over: one slot.
        List<Uni<Boolean>> sameStep = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sameStep.add((i % 2 == 0 ? budgets : other).tryTake(account, job("j1"), "prototype"));
        }
        assertThat(answer(Uni.join().all(sameStep).andFailFast())).containsOnly(true);
        assertThat(snapshotOf(account).inFlight()).isEqualTo(1);

        assertThat(answer(budgets.tryTake(account, job("j1"), "build"))).isTrue();
        // Full now; the slots already held are still answered as held.
        assertThat(answer(other.tryTake(account, job("j1"), "prototype"))).isTrue();
        assertThat(answer(budgets.tryTake(account, job("j2"), null))).isFalse();
        assertThat(snapshotOf(account).inFlight()).isEqualTo(2);

        answer(budgets.release(job("j1"), "prototype"));
        answer(other.release(job("j1"), "prototype"));
        assertThat(snapshotOf(account).inFlight()).isEqualTo(1);
        assertThat(answer(budgets.tryTake(account, job("j2"), null))).isTrue();
        assertThat(answer(budgets.tryTake(account, job("j3"), null))).isFalse();
        answer(budgets.release(job("j2"), null));
        assertThat(answer(budgets.tryTake(account, job("j3"), null))).isTrue();
    }

    @Test
    void aSlotOfAnotherAccountIsNotTakenAgainUnderThisOne() {
        String first = account("first", FIVE);
        String second = account("second", FIVE);
        assertThat(answer(budgets.tryTake(first, job("j1"), "main"))).isTrue();
        assertThatThrownBy(() -> answer(budgets.tryTake(second, job("j1"), "main")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(first);
    }

    @Test
    void anAccountWithoutABudgetIsRefusedLoudly() {
        assertThatThrownBy(() -> answer(budgets.tryTake("no-such-account", job("j1"), "main")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kiln.budgets.no-such-account.max-in-flight");
        assertThatThrownBy(() -> answer(budgets.pause("no-such-account", Instant.now(), "test")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> answer(budgets.reserveRequest("no-such-account")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPauseBlocksTakesOfThatAccountOnlyAndAShorterPauseDoesNotShortenIt() {
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        AccountBudgets replica = replicas.replica(2, clock);
        String paused = account("paused", FIVE);
        String other = account("unpaused", FIVE);
        assertThat(answer(replica.tryTake(paused, job("held-before"), "main"))).isTrue();
        Instant hourLater = clock.instant().plus(Duration.ofHours(1));

        answer(replica.pause(paused, hourLater, "Retry-After 3600"));
        answer(replica.pause(paused, clock.instant().plus(Duration.ofMinutes(1)), "Retry-After 60"));

        assertThat(answer(replica.pauseOf(paused))).contains(new AccountPause(hourLater, "Retry-After 3600"));
        assertThat(answer(replica.tryTake(paused, job("j1"), "main"))).isFalse();
        assertThat(answer(replica.tryTake(paused, job("held-before"), "main"))).isTrue();
        assertThat(answer(replica.tryTake(other, job("elsewhere"), "main"))).isTrue();
        assertThat(answer(replica.pauseOf(other))).isEmpty();

        Instant twoHoursLater = clock.instant().plus(Duration.ofHours(2));
        answer(replica.pause(paused, twoHoursLater, "NoMoreConcurrentTasks"));
        assertThat(answer(replica.pauseOf(paused))).contains(new AccountPause(twoHoursLater, "NoMoreConcurrentTasks"));

        clock.advance(Duration.ofHours(2).plusSeconds(1));
        assertThat(answer(replica.pauseOf(paused))).isEmpty();
        assertThat(answer(replica.tryTake(paused, job("j1"), "main"))).isTrue();
    }

    @Test
    void aNewMaximumKeepsTheSlotsHeld() {
        String account = account("resize", new AccountLimits(3, 10, 5));
        for (int job = 0; job < 3; job++) {
            assertThat(answer(budgets.tryTake(account, job("j" + job), "main"))).isTrue();
        }
        answer(budgets.configure(Map.of(account, new AccountLimits(5, 10, 5))));
        assertThat(snapshotOf(account).inFlight()).isEqualTo(3);
        assertThat(snapshotOf(account).maxInFlight()).isEqualTo(5);
        assertThat(answer(budgets.tryTake(account, job("j3"), "main"))).isTrue();
        assertThat(answer(budgets.tryTake(account, job("j4"), "main"))).isTrue();
        assertThat(answer(budgets.tryTake(account, job("j5"), "main"))).isFalse();

        answer(budgets.configure(Map.of(account, new AccountLimits(2, 10, 5))));
        assertThat(snapshotOf(account).inFlight()).isEqualTo(5);
        for (int job = 0; job < 3; job++) {
            answer(budgets.release(job("j" + job), "main"));
        }
        assertThat(answer(budgets.tryTake(account, job("j5"), "main"))).isFalse();
        answer(budgets.release(job("j3"), "main"));
        assertThat(answer(budgets.tryTake(account, job("j5"), "main"))).isTrue();
    }

    @Test
    void startupWritesTheConfiguredAccounts() {
        assertThat(snapshotOf(BudgetAccounts.HITEM3D))
                .extracting(BudgetSnapshot::maxInFlight, BudgetSnapshot::requestsPerSecond, BudgetSnapshot::burst)
                .containsExactly(10, 5.0, 5);
        assertThat(snapshotOf(BudgetAccounts.HUNYUAN3D_PRO))
                .extracting(BudgetSnapshot::maxInFlight, BudgetSnapshot::requestsPerSecond, BudgetSnapshot::burst)
                .containsExactly(3, 15.0, 5);
        assertThat(snapshotOf(BudgetAccounts.MESHY))
                .extracting(BudgetSnapshot::maxInFlight, BudgetSnapshot::requestsPerSecond, BudgetSnapshot::burst)
                .containsExactly(10, 15.0, 5);
    }

    private void notifyMarker(String payload) {
        answer(pool.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(AccountBudgets.RELEASED_CHANNEL, payload)));
    }

    @jakarta.inject.Inject
    dev.kiln.job.JobLedger ledger;

    @Test
    void theReaperFreesOnlySlotsNoUnfinishedStepHolds() {
        String account = account("reap", FIVE);
        // A tracked step: its slot is in use. A finished step and a slot without any step: both orphans.
        String tracked = job("reap-tracked");
        String finished = job("reap-finished");
        dev.kiln.support.Jobs.accept(ledger, tracked);
        dev.kiln.support.Jobs.accept(ledger, finished);
        answer(pool.preparedQuery("UPDATE work_item SET step = 'main', phase = CASE WHEN job_id = $1 THEN 'track'"
                        + " ELSE 'done' END WHERE job_id IN ($1, $2)")
                .execute(Tuple.of(tracked, finished)));
        String stray = job("reap-stray");
        for (String job : List.of(tracked, finished, stray)) {
            assertThat(answer(budgets.tryTake(account, job, "main"))).isTrue();
        }

        // Within the grace period nothing is touched, whatever its step.
        assertThat(answer(budgets.reapOrphans(java.time.Instant.now().minus(Duration.ofMinutes(1)))))
                .doesNotContain(account);
        assertThat(snapshotOf(account).inFlight()).isEqualTo(3);

        assertThat(answer(budgets.reapOrphans(java.time.Instant.now().plusSeconds(1))))
                .contains(account);
        assertThat(snapshotOf(account).inFlight()).isEqualTo(1);
        // The tracked step still holds its slot: taking it again is the same slot, not a new one.
        assertThat(answer(budgets.tryTake(account, tracked, "main"))).isTrue();
        assertThat(snapshotOf(account).inFlight()).isEqualTo(1);
        answer(pool.preparedQuery("UPDATE work_item SET phase = 'done' WHERE job_id = $1")
                .execute(Tuple.of(tracked)));
    }
}
