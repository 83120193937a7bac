package dev.kiln.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.Jobs;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seam for work in flight against the real PostgreSQL: one-statement claims, fencing, renewal, hand-back. */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class WorkSeamTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    @Inject
    JobLedger ledger;

    @Inject
    WorkItems items;

    @Inject
    Pool pool;

    /** Claims see the whole table: close what earlier tests left open, so each test sees only its own items. */
    @BeforeEach
    void closeOtherItems() {
        OnVertx.await(() -> pool.query(
                        "UPDATE work_item SET phase = 'done', lease_owner = NULL, lease_expires_at = NULL WHERE phase <> 'done' OR lease_owner IS NOT NULL")
                .execute());
    }

    @Test
    void anAcceptedJobGetsItsFirstWorkItemInTheSameTransaction() {
        Job job = Jobs.accept(ledger, Requests.newJobId("seam-first"));

        Row row = row(job.id);
        assertThat(row.getString("phase")).isEqualTo("queue");
        assertThat(row.getInteger("step_index")).isZero();
        assertThat(row.getLong("fence")).isZero();
        assertThat(row.getString("lease_owner")).isNull();
    }

    @Test
    void aClaimLeasesAnItemOnceAndBumpsItsFence() {
        Job job = Jobs.accept(ledger, Requests.newJobId("seam-claim"));

        List<WorkItem> first = claim("replica-a", 10, LONG);
        List<WorkItem> second = claim("replica-b", 10, LONG);

        assertThat(first).singleElement().satisfies(item -> {
            assertThat(item.jobId()).isEqualTo(job.id);
            assertThat(item.lease().owner()).isEqualTo("replica-a");
            assertThat(item.lease().fence()).isEqualTo(1);
            assertThat(item.job().state()).isEqualTo("ACCEPTED");
            assertThat(item.job().version()).isEqualTo(job.version);
            assertThat(item.job().requestJson()).contains(job.id);
        });
        assertThat(second).as("a leased item is not claimed again").isEmpty();
    }

    @Test
    void aReplicaWhoseLeaseWasTakenOverWritesNothing() {
        Job job = Jobs.accept(ledger, Requests.newJobId("seam-fence"));
        WorkItem stale = claim("replica-a", 1, Duration.ofMillis(1)).get(0);
        List<WorkItem> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            taken.addAll(claim("replica-b", 1, LONG));
            return !taken.isEmpty();
        });
        WorkItem current = taken.get(0);
        assertThat(current.lease().fence()).isEqualTo(stale.lease().fence() + 1);

        assertThatThrownBy(() -> OnVertx.await(() -> ledger.transitionUnderLease(
                        stale.lease(),
                        job.version,
                        Transition.to(JobState.QUEUED),
                        WorkUpdate.to(WorkPhase.SUBMIT, null),
                        null)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> OnVertx.await(() -> ledger.updateUnderLease(
                        stale.lease(), WorkUpdate.dueAt(null).error("stale"), null)))
                .isInstanceOf(LeaseLostException.class);

        assertThat(reload(job.id).version).as("no transition").isEqualTo(job.version);
        assertThat(count("SELECT count(*) FROM outbox WHERE job_id = $1", job.id))
                .as("no event")
                .isEqualTo(1);
        assertThat(row(job.id).getString("last_error")).isNull();

        Job queued = OnVertx.await(() -> ledger.transitionUnderLease(
                current.lease(),
                job.version,
                Transition.to(JobState.QUEUED),
                WorkUpdate.to(WorkPhase.SUBMIT, null).step("generate", "hitem3d"),
                null));
        assertThat(queued.state).isEqualTo(JobState.QUEUED);
        Row after = row(job.id);
        assertThat(after.getString("phase")).isEqualTo("submit");
        assertThat(after.getString("step")).isEqualTo("generate");
        assertThat(after.getString("lease_owner"))
                .as("the write hands the lease back")
                .isNull();
    }

    @Test
    void renewalExtendsEveryLeaseOfItsOwnerInOneStatementWithoutTouchingTheJob() {
        Job one = Jobs.accept(ledger, Requests.newJobId("seam-renew"));
        Job two = Jobs.accept(ledger, Requests.newJobId("seam-renew"));
        claim("replica-a", 10, Duration.ofSeconds(30));

        int renewed = OnVertx.await(() -> items.renew("replica-a", Duration.ofHours(1)));

        assertThat(renewed).isEqualTo(2);
        for (Job job : List.of(one, two)) {
            OffsetDateTime expiry = row(job.id).getOffsetDateTime("lease_expires_at");
            assertThat(expiry).isAfter(OffsetDateTime.now().plusMinutes(50));
            assertThat(row(job.id).getLong("fence"))
                    .as("renewal is not a claim")
                    .isEqualTo(1);
            assertThat(reload(job.id).version)
                    .as("renewal does not bump the version")
                    .isEqualTo(job.version);
        }
        assertThat(OnVertx.await(() -> items.renew("replica-b", Duration.ofHours(1))))
                .isZero();
    }

    @Test
    void handedBackLeasesAreClaimedByAnotherReplicaAtOnce() {
        Job job = Jobs.accept(ledger, Requests.newJobId("seam-handback"));
        claim("replica-a", 10, LONG);
        assertThat(claim("replica-b", 10, LONG)).isEmpty();

        assertThat(OnVertx.await(() -> items.releaseAll("replica-a"))).isEqualTo(1);

        assertThat(claim("replica-b", 10, LONG)).singleElement().satisfies(item -> assertThat(item.jobId())
                .isEqualTo(job.id));
    }

    @Test
    void concurrentClaimsFromManyReplicasNeverTakeAnItemTwice() throws Exception {
        Set<String> jobs = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            jobs.add(Jobs.accept(ledger, Requests.newJobId("seam-race")).id);
        }
        int replicas = 6;
        CyclicBarrier start = new CyclicBarrier(replicas);
        ExecutorService threads = Executors.newFixedThreadPool(replicas);
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                String owner = "replica-" + r;
                runs.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                start.await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            List<WorkItem> got;
                            do {
                                got = claim(owner, 3, LONG);
                                got.forEach(item -> claimed.add(item.jobId()));
                            } while (!got.isEmpty());
                        },
                        threads));
            }
            CompletableFuture.allOf(runs.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(claimed).hasSize(jobs.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(jobs);
    }

    @Test
    void jobsThatMustStopAreClaimedWhateverTheirDueTimeAndOthersAreNot() {
        Job canceled = Jobs.accept(ledger, Requests.newJobId("seam-stop-cancel"));
        Job late = Jobs.accept(ledger, Requests.newJobId("seam-stop-deadline"));
        Job waiting = Jobs.accept(ledger, Requests.newJobId("seam-stop-none"));
        // All three wait for a retry an hour from now; one has a cancel asked for, one is past its deadline.
        OnVertx.await(
                () -> pool.preparedQuery("UPDATE work_item SET phase = 'submit', due_at = now() + interval '1 hour'"
                                + " WHERE job_id IN ($1, $2, $3)")
                        .execute(Tuple.of(canceled.id, late.id, waiting.id)));
        OnVertx.await(() -> ledger.markCancelRequested(canceled.id, "no longer needed"));
        OnVertx.await(() -> pool.preparedQuery("UPDATE job SET deadline = now() - interval '1 second' WHERE id = $1")
                .execute(Tuple.of(late.id)));

        List<WorkItem> stopping = OnVertx.await(() -> items.claimStopping(WorkPhase.SUBMIT, "replica-a", 10, LONG));

        assertThat(stopping).extracting(WorkItem::jobId).containsExactlyInAnyOrder(canceled.id, late.id);
        assertThat(OnVertx.await(() -> items.claim(WorkPhase.SUBMIT, "replica-a", 10, LONG)))
                .as("not due: a plain claim takes nothing")
                .isEmpty();
        assertThat(OnVertx.await(() -> items.claimStopping(WorkPhase.SUBMIT, "replica-b", 10, LONG)))
                .as("leased: not claimed twice")
                .isEmpty();
    }

    private List<WorkItem> claim(String owner, int limit, Duration lease) {
        return OnVertx.await(() -> items.claim(WorkPhase.QUEUE, owner, limit, lease));
    }

    private Row row(String jobId) {
        return OnVertx.await(() -> pool.preparedQuery("SELECT * FROM work_item WHERE job_id = $1 AND step_index = 0")
                        .execute(Tuple.of(jobId)))
                .iterator()
                .next();
    }

    private long count(String sql, String jobId) {
        return OnVertx.await(() -> pool.preparedQuery(sql).execute(Tuple.of(jobId)))
                .iterator()
                .next()
                .getLong(0);
    }

    private static Job reload(String jobId) {
        return OnVertx.inSession(() -> Job.<Job>findById(jobId));
    }
}
