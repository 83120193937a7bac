package dev.kiln.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.events.OutboxEvent;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.Requests;
import io.quarkus.arc.ClientProxy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.reactive.common.spi.Implementor;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * Many ledger writers at once, as dispatch and tracking will be. Hibernate Reactive 3.2 with {@code
 * hibernate.order_inserts} let concurrent flushes execute each other's inserts (hibernate-reactive#2797): about a
 * tenth of these units then failed with duplicate keys or foreign-key violations.
 */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class LedgerConcurrencyTest {

    private static final int WRITERS = 16;
    private static final int ROUNDS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<JobState> PATH =
            List.of(JobState.QUEUED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING);

    @Inject
    JobLedger ledger;

    @Inject
    Vertx vertx;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @Test
    void writersOnManyThreadsAtOnceEachGetExactlyTheirOwnHistoryAndEvents() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        List<String> jobIds = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<CompletableFuture<Job>> writers = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    String jobId = Requests.newJobId("ledger-threads");
                    jobIds.add(jobId);
                    writers.add(CompletableFuture.supplyAsync(() -> walkOneUnitAtATime(start, jobId), threads));
                }
                for (CompletableFuture<Job> writer : writers) {
                    assertThat(writer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).state)
                            .isEqualTo(JobState.RUNNING);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        jobIds.forEach(this::assertWalkedOnce);
    }

    @Test
    void aFanOutFromOneTimerTickGivesEveryItemItsOwnTransaction() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<String> jobIds = IntStream.range(0, WRITERS)
                    .mapToObj(i -> Requests.newJobId("ledger-fan-out"))
                    .toList();
            CompletableFuture<List<Job>> tick = new CompletableFuture<>();
            // A timer set from a plain thread fires on an event loop's root context, as a dispatcher's sweep would;
            // it starts every item's walk at once, each on a fresh context.
            vertx.setTimer(1, id -> Uni.join()
                    .all(jobIds.stream()
                            .map(jobId -> Ledgers.onFreshContext(() -> walkInOneUnit(jobId)))
                            .toList())
                    .andCollectFailures()
                    .subscribe()
                    .with(tick::complete, tick::completeExceptionally));
            assertThat(tick.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .extracting(job -> job.state)
                    .containsOnly(JobState.RUNNING);
            jobIds.forEach(this::assertWalkedOnce);
        }
    }

    @Test
    void theLedgerCalledStraightFromATimerOnARootContextIsRefused() throws Exception {
        CompletableFuture<Job> direct = new CompletableFuture<>();
        vertx.setTimer(1, id -> {
            try {
                ledger.create(newJob(Requests.newJobId("ledger-root")))
                        .subscribe()
                        .with(direct::complete, direct::completeExceptionally);
            } catch (RuntimeException e) {
                direct.completeExceptionally(e);
            }
        });
        assertThatThrownBy(() -> direct.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasStackTraceContaining("duplicated context");
    }

    @Test
    void insertOrderingStaysOffWhileHibernateReactiveSharesItsInsertSorter() {
        Object orderInserts = ((Implementor) ClientProxy.unwrap(sessionFactory))
                .getServiceRegistry()
                .requireService(ConfigurationService.class)
                .getSettings()
                .get("hibernate.order_inserts");
        String version = org.hibernate.reactive.logging.impl.Version.getVersionString();
        if (olderThan(version, 3, 3, 5)) {
            assertThat(String.valueOf(orderInserts))
                    .as("hibernate.order_inserts with Hibernate Reactive %s (hibernate-reactive#2797)", version)
                    .isNotEqualToIgnoringCase("true");
        }
    }

    /** A writer as tracking will be: every change is its own unit, started from a plain thread. */
    private Job walkOneUnitAtATime(CyclicBarrier start, String jobId) {
        try {
            start.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Job job = await(() -> ledger.create(newJob(jobId)));
        for (JobState next : PATH) {
            Job current = job;
            job = await(() -> ledger.transition(current.id, current.version, Transition.to(next)));
        }
        return job;
    }

    /** Creates a job and moves it along the path, each step its own transaction, within one unit of work. */
    private Uni<Job> walkInOneUnit(String jobId) {
        Uni<Job> walk = ledger.create(newJob(jobId));
        for (JobState next : PATH) {
            walk = walk.chain(job -> ledger.transition(job.id, job.version, Transition.to(next)));
        }
        return walk;
    }

    private void assertWalkedOnce(String jobId) {
        Job job = inSession(() -> Job.<Job>findById(jobId));
        assertThat(job.state).as("state of %s", jobId).isEqualTo(JobState.RUNNING);
        assertThat(job.version).as("version of %s", jobId).isEqualTo(PATH.size() + 1);
        List<JobTransition> history =
                inSession(() -> JobTransition.<JobTransition>find("key.jobId = ?1 order by key.sequence", jobId)
                        .list());
        assertThat(history)
                .as("history of %s", jobId)
                .extracting(t -> t.toState)
                .containsExactly(
                        JobState.ACCEPTED, JobState.QUEUED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING);
        List<OutboxEvent> events = inSession(() -> OutboxEvent.<OutboxEvent>list("jobId", jobId));
        assertThat(events)
                .as("events of %s", jobId)
                .extracting(e -> e.sequence)
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    private static NewJob newJob(String jobId) {
        return new NewJob(
                jobId,
                JobState.ACCEPTED,
                "hitem3d",
                Requests.validInline(jobId, "hitem3d"),
                "fingerprint-" + jobId,
                "{\"suite\":\"ledger\"}",
                null,
                null,
                null);
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> work) {
        return Ledgers.onFreshContext(work).await().atMost(DEADLINE);
    }

    private static <T> T inSession(java.util.function.Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work::get));
    }

    private static boolean olderThan(String version, int... than) {
        String[] parts = version.split("[.-]");
        for (int i = 0; i < than.length; i++) {
            int part = i < parts.length && parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : 0;
            if (part != than[i]) {
                return part < than[i];
            }
        }
        return false;
    }
}
