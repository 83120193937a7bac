package dev.kiln.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.support.KafkaTestClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One Meshy account's budget, shared by two Kiln processes and the three Meshy kinds: with
 * {@code kiln.budgets.meshy.max-in-flight=2}, the emulator never sees more than two of the account's tasks active at
 * once (nor the ledger more than two slots), and every job still reaches GENERATED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetAcrossProcessesIT {

    private static final int BUDGET = 2;

    private KilnProcesses kiln;
    private LedgerView ledger;

    @BeforeAll
    void startTwoProcesses() {
        kiln = KilnProcesses.start(EmulatorOptions.defaults()
                .baseScenario(Scenario.of(new JsonObject()
                        .put("createdMillis", 0)
                        .put("queueMillis", 300)
                        .put("processingMillis", 1200))));
        kiln.startAll(
                KilnProcessSettings.defaults().with("kiln.budgets.meshy.max-in-flight", Integer.toString(BUDGET)),
                "budget-a",
                "budget-b");
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

    @Test
    void twoProcessesNeverRunMoreMeshyTasksThanTheAccountsBudget() throws InterruptedException {
        assertThat(ledger.slotsHeld("meshy"))
                .as("Meshy slots held before the test")
                .isZero();
        AtomicInteger mostActive = new AtomicInteger();
        AtomicInteger mostSlots = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        AtomicReference<Throwable> samplerFailure = new AtomicReference<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // The sampler's own connection: the ledger view is not shared across threads.
        LedgerView slots = new LedgerView(kiln.stack().postgres());
        try {
            sampler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            int active =
                                    (int) kiln.emulator().context().tasks().list(MeshyAccounts.PROVIDER, null).stream()
                                            .filter(t -> !t.phase().isFinal())
                                            .count();
                            mostActive.accumulateAndGet(active, Math::max);
                            mostSlots.accumulateAndGet(slots.slotsHeld("meshy"), Math::max);
                            samples.incrementAndGet();
                        } catch (Throwable e) {
                            samplerFailure.compareAndSet(null, e);
                        }
                    },
                    0,
                    20,
                    TimeUnit.MILLISECONDS);

            JobBatch jobs = JobBatch.publish(KafkaTestClient.of(kiln.kafkaBootstrap()), JobKind.MESHY, 4);
            Set<String> ids = jobs.ids();
            await("every Meshy job reaches GENERATED")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("a job ended without output", () -> ledger.states(ids).values().stream()
                            .anyMatch(s ->
                                    List.of("FAILED", "CANCELED", "REJECTED").contains(s)))
                    .until(() -> ledger.states(ids).values().stream()
                                    .filter("GENERATED"::equals)
                                    .count()
                            == ids.size());

            sampler.shutdown();
            assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(samplerFailure.get()).as("the sampler's failure").isNull();
            System.out.printf(
                    "BudgetAcrossProcessesIT: %d samples, at most %d Meshy tasks active and %d slots held%n",
                    samples.get(), mostActive.get(), mostSlots.get());
            assertThat(mostActive.get())
                    .as("Meshy tasks active at once at the emulator")
                    .isLessThanOrEqualTo(BUDGET);
            assertThat(mostSlots.get()).as("Meshy slots held at once").isLessThanOrEqualTo(BUDGET);
            // The budget was reached (so a third task would have been seen), not merely never approached.
            assertThat(mostActive.get())
                    .as("Meshy tasks active at once at the emulator")
                    .isEqualTo(BUDGET);
            assertThat(JobBatch.tasks(kiln.emulator())).as("one task per step").hasSize(jobs.steps());
            assertThat(ledger.slotsHeld("meshy"))
                    .as("Meshy slots held after the test")
                    .isZero();
        } finally {
            sampler.shutdownNow();
            slots.close();
        }
    }
}
