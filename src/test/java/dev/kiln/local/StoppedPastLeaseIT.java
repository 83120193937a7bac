package dev.kiln.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.support.KafkaTestClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A process frozen (SIGSTOP) past its lease while it follows tasks: the other adopts its jobs and carries them to
 * GENERATED; thawed (SIGCONT), the frozen one still has its streams and polls in flight, but the fence refuses
 * everything they would write: each job's events stay gapless with each state once, the ledger does not move, no
 * further task is created at the emulator, and the thawed process keeps running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoppedPastLeaseIT {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration STOPPED_FOR = Duration.ofSeconds(10);

    private KilnProcesses kiln;
    private KilnProcess a;
    private KilnProcess b;
    private LedgerView ledger;

    @BeforeAll
    void startTwoProcesses() {
        // Tasks of about six seconds: in flight when A freezes, finished (by B) before A thaws.
        kiln = KilnProcesses.start(EmulatorOptions.defaults()
                .baseScenario(Scenario.of(new JsonObject()
                        .put("createdMillis", 0)
                        .put("queueMillis", 1000)
                        .put("processingMillis", 5000))));
        List<KilnProcess> both =
                kiln.startAll(KilnProcessSettings.defaults().lease(LEASE, Duration.ofMillis(500)), "stop-a", "stop-b");
        a = both.get(0);
        b = both.get(1);
        ledger = new LedgerView(kiln.stack().postgres());
    }

    @AfterAll
    void cleanUp() {
        if (ledger != null) {
            ledger.close();
        }
        if (kiln != null) {
            kiln.close();
        }
    }

    // Fails today (2 of 2 runs): items the frozen process held in the track phase, lease expired and due, are not
    // claimed by the other process within 10 s (their fence stays). Cause not yet found; see the helper's report.
    @Disabled("exposes an open bug: a frozen replica's track items are not adopted after their lease")
    @Test
    void aProcessStoppedPastItsLeaseWritesNothingAfterItIsResumed() {
        // Three of each single-step kind: Hunyuan's budget (3) lets all of them run at once.
        JobBatch jobs = JobBatch.publish(KafkaTestClient.of(kiln.kafkaBootstrap()), JobKind.SINGLE_STEP, 3);
        Set<String> ids = jobs.ids();

        await("every job submitted, and A following some of them")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.items(ids).stream()
                                        .filter(i -> i.providerTaskId() != null)
                                        .count()
                                == ids.size()
                        && ledger.items(ids).stream()
                                .anyMatch(i -> a.owner().equals(i.leaseOwner())
                                        && i.leaseLive()
                                        && i.phase().equals("track")));
        a.stop();
        long stoppedAt = System.nanoTime();
        Map<String, Long> heldByFrozen = new HashMap<>();
        ledger.items(ids).stream()
                .filter(i -> a.owner().equals(i.leaseOwner()) && i.phase().equals("track"))
                .forEach(i -> heldByFrozen.put(i.jobId(), i.fence()));
        assertThat(heldByFrozen).as("tracked jobs the frozen process holds").isNotEmpty();
        int tasksBefore = JobBatch.tasks(kiln.emulator()).size();
        int createsBefore = JobBatch.createCalls(kiln.emulator());
        assertThat(tasksBefore)
                .as("one task per job, all created before the freeze")
                .isEqualTo(ids.size());

        try {
            await("B adopts the frozen process's jobs after the lease")
                    .atMost(STOPPED_FOR)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ledger.items(heldByFrozen.keySet()).stream()
                            .allMatch(i -> i.fence() > heldByFrozen.get(i.jobId())));
        } catch (ConditionTimeoutException e) {
            // The usual cause: the frozen process's open transactions hold the items' row locks, which claims skip.
            throw new AssertionError(
                    e.getMessage() + "; sessions idle in a transaction: " + ledger.idleInTransaction(), e);
        }
        System.out.printf(
                "StoppedPastLeaseIT: %d jobs of frozen %s adopted %d ms after SIGSTOP%n",
                heldByFrozen.size(),
                a,
                Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
        await("B carries every job to GENERATED while A is frozen")
                .atMost(STOPPED_FOR)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.states(ids).values().stream().allMatch("GENERATED"::equals));
        await("the freeze lasts " + STOPPED_FOR)
                .atMost(STOPPED_FOR.plusSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Duration.ofNanos(System.nanoTime() - stoppedAt).compareTo(STOPPED_FOR) >= 0);
        assertThat(a.answersHealth(Duration.ofMillis(500)))
                .as("A is still frozen")
                .isFalse();

        Map<String, List<LedgerView.Step>> before = ledger.transitions(ids);
        List<LedgerView.Item> itemsBefore = ledger.items(ids);
        a.resume();

        // A thaws with its streams and polls of these jobs in flight: whatever they report, nothing is written.
        await("A answers again after SIGCONT")
                .atMost(Duration.ofSeconds(30))
                .until(() -> a.answersHealth(Duration.ofSeconds(2)));
        await("the ledger stays as B left it while A runs again")
                .during(Duration.ofSeconds(8))
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> ledger.transitions(ids).equals(before)
                        && ledger.items(ids).equals(itemsBefore));
        assertThat(a.isAlive()).as("the thawed process did not crash").isTrue();
        await("the thawed process is ready again")
                .atMost(Duration.ofSeconds(30))
                .until(a::ready);

        for (String jobId : ids) {
            List<LedgerView.Step> steps = before.get(jobId);
            assertThat(steps)
                    .extracting(LedgerView.Step::sequence)
                    .as("events of %s, gapless", jobId)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, steps.size()).boxed().toList());
            // Each state once, progress (RUNNING again) aside: no transition was made twice.
            assertThat(steps.stream().map(LedgerView.Step::to).filter(s -> !s.equals("RUNNING")))
                    .as("states of %s", jobId)
                    .containsExactly("ACCEPTED", "QUEUED", "SUBMITTING", "SUBMITTED", "GENERATED");
        }
        assertThat(JobBatch.tasks(kiln.emulator())).as("tasks at the emulator").hasSize(tasksBefore);
        assertThat(JobBatch.createCalls(kiln.emulator()))
                .as("create calls at the emulator")
                .isEqualTo(createsBefore);
        assertThat(b.ready()).isTrue();
    }
}
