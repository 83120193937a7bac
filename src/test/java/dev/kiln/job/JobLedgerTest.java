package dev.kiln.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.Jobs;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class JobLedgerTest {

    @Inject
    JobLedger ledger;

    @Test
    void aDisallowedTransitionIsRefusedAndChangesNothing() {
        Job job = Jobs.accept(ledger, Requests.newJobId("ledger-disallowed"));
        for (JobState next : List.of(
                JobState.QUEUED,
                JobState.SUBMITTING,
                JobState.SUBMITTED,
                JobState.RUNNING,
                JobState.GENERATED,
                JobState.STORING,
                JobState.COMPLETED)) {
            job = Jobs.move(ledger, job, next);
        }
        Job completed = job;

        assertThatThrownBy(() -> Jobs.move(ledger, completed, JobState.RUNNING))
                .isInstanceOfSatisfying(TransitionRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(TransitionRefusedException.Reason.NOT_ALLOWED))
                .hasMessageContaining("COMPLETED")
                .hasMessageContaining("RUNNING");
        Job after = reload(completed.id);
        assertThat(after.state).isEqualTo(JobState.COMPLETED);
        assertThat(after.version).isEqualTo(8);
        assertThat(historyOf(completed.id)).hasSize(8);
    }

    @Test
    void ofTwoWritersFromTheSameVersionExactlyOneWinsAndOnlyItRecordsAnEvent() throws Exception {
        Job job = Jobs.accept(ledger, Requests.newJobId("ledger-race"));
        CyclicBarrier start = new CyclicBarrier(2);
        // Own threads, not the common pool: a waiting pool worker may run the other attempt nested inside its wait.
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<Object> outcomes;
        try {
            CompletableFuture<Object> queue =
                    CompletableFuture.supplyAsync(() -> attempt(start, job, JobState.QUEUED), writers);
            CompletableFuture<Object> cancel =
                    CompletableFuture.supplyAsync(() -> attempt(start, job, JobState.CANCELED), writers);
            outcomes = List.of(queue.get(30, TimeUnit.SECONDS), cancel.get(30, TimeUnit.SECONDS));
        } finally {
            writers.shutdownNow();
        }

        assertThat(outcomes).filteredOn(Job.class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(TransitionRefusedException.class::isInstance)
                .singleElement()
                .extracting(o -> ((TransitionRefusedException) o).reason())
                .isEqualTo(TransitionRefusedException.Reason.STALE_VERSION);
        Job winner = (Job)
                outcomes.stream().filter(Job.class::isInstance).findFirst().orElseThrow();
        Job after = reload(job.id);
        assertThat(after.version).isEqualTo(2);
        assertThat(after.state).isEqualTo(winner.state);
        assertThat(historyOf(job.id)).extracting(t -> t.toState).containsExactly(JobState.ACCEPTED, winner.state);
        assertThat(outboxOf(job.id)).hasSize(2);
    }

    @Test
    void aStaleVersionIsRefusedEvenWithoutARace() {
        Job job = Jobs.accept(ledger, Requests.newJobId("ledger-stale"));
        Jobs.move(ledger, job, JobState.QUEUED);
        assertThatThrownBy(() -> Jobs.move(ledger, job, JobState.QUEUED))
                .isInstanceOfSatisfying(TransitionRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(TransitionRefusedException.Reason.STALE_VERSION));
    }

    @Test
    void aTransitionOfAnUnknownJobIsRefused() {
        assertThatThrownBy(
                        () -> OnVertx.await(() -> ledger.transition("no-such-job", 1, Transition.to(JobState.QUEUED))))
                .isInstanceOfSatisfying(TransitionRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(TransitionRefusedException.Reason.UNKNOWN_JOB));
    }

    @Test
    void aFailureRecordsItsReasonOnTheJobAndInItsHistory() {
        Job job = Jobs.accept(ledger, Requests.newJobId("ledger-failed"));
        Job failed = OnVertx.await(() -> ledger.transition(
                job.id,
                job.version,
                Transition.to(JobState.FAILED, "PROVIDER_OUT_OF_CREDITS", "The hitem3d account has no balance left")));
        assertThat(failed.outcomeCode).isEqualTo("PROVIDER_OUT_OF_CREDITS");
        assertThat(historyOf(job.id).get(1).reason).isEqualTo("The hitem3d account has no balance left");
    }

    private Object attempt(CyclicBarrier start, Job job, JobState to) {
        try {
            start.await(10, TimeUnit.SECONDS);
            return Jobs.move(ledger, job, to);
        } catch (TransitionRefusedException e) {
            return e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Job reload(String id) {
        return OnVertx.inSession(() -> Job.<Job>findById(id));
    }

    private static List<JobTransition> historyOf(String id) {
        return OnVertx.inSession(() -> JobTransition.<JobTransition>find("key.jobId = ?1 order by key.sequence", id)
                .list());
    }

    private static List<dev.kiln.events.OutboxEvent> outboxOf(String id) {
        return OnVertx.inSession(() -> dev.kiln.events.OutboxEvent.<dev.kiln.events.OutboxEvent>list("jobId", id));
    }
}
