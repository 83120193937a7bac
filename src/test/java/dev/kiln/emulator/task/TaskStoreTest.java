package dev.kiln.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorClock;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.account.AccountRegistry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskStoreTest {
    private static final TaskTiming TIMING =
            new TaskTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final EmulatorClock clock = new EmulatorClock();
    private final ScenarioRegistry scenarios = new ScenarioRegistry(Scenario.NONE);
    private final AccountRegistry accounts = new AccountRegistry();
    private final TaskStore store = new TaskStore(clock, scenarios, accounts);
    private final List<String> changes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        accounts.register(new Account("p", "a", BigDecimal.ZERO, 2));
        store.addListener("p", (task, from, to) -> changes.add(task.id() + ":" + from + ">" + to));
    }

    private EmulatedTask create(String id, Scenario scenario) {
        return store.create("p", "a", id, scenario, TIMING, new JsonObject());
    }

    @Test
    void aTaskWalksThroughItsPhasesWithTheClock() {
        EmulatedTask task = create("t1", Scenario.NONE);
        assertThat(task.phase()).isEqualTo(TaskPhase.CREATED);

        clock.advance(Duration.ofSeconds(1));
        store.advance();
        assertThat(task.phase()).isEqualTo(TaskPhase.QUEUED);

        clock.advance(Duration.ofSeconds(2));
        store.advance();
        assertThat(task.phase()).isEqualTo(TaskPhase.RUNNING);

        clock.advance(Duration.ofSeconds(5));
        assertThat(task.progress(clock.instant())).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));

        clock.advance(Duration.ofSeconds(5));
        store.advance();
        assertThat(task.phase()).isEqualTo(TaskPhase.SUCCEEDED);
        assertThat(task.progress(clock.instant())).isEqualTo(1.0);
        assertThat(changes).containsExactly("t1:CREATED>QUEUED", "t1:QUEUED>RUNNING", "t1:RUNNING>SUCCEEDED");
    }

    @Test
    void theConcurrencyLimitHoldsTasksInTheQueue() {
        create("t1", Scenario.NONE);
        create("t2", Scenario.NONE);
        EmulatedTask third = create("t3", Scenario.NONE);

        clock.advance(Duration.ofSeconds(4));
        store.advance();
        assertThat(store.list("p", "a").stream().map(EmulatedTask::phase))
                .containsExactly(TaskPhase.RUNNING, TaskPhase.RUNNING, TaskPhase.QUEUED);

        clock.advance(Duration.ofSeconds(10));
        store.advance();
        assertThat(third.phase()).isEqualTo(TaskPhase.RUNNING);
        assertThat(third.heldBack()).isTrue();

        clock.advance(Duration.ofSeconds(10));
        store.advance();
        assertThat(third.phase()).isEqualTo(TaskPhase.SUCCEEDED);
    }

    @Test
    void aFailingScenarioEndsTheTaskWithItsCode() {
        EmulatedTask task =
                create("t1", Scenario.of(new JsonObject().put("failTask", "E42").put("failMessage", "boom")));

        clock.advance(Duration.ofSeconds(20));
        store.advance();

        assertThat(task.phase()).isEqualTo(TaskPhase.FAILED);
        assertThat(task.failureCode()).isEqualTo("E42");
        assertThat(task.failureMessage()).isEqualTo("boom");
    }

    @Test
    void aTaskRuleAddedAfterCreationDecidesTheOutcome() {
        EmulatedTask task = create("t1", Scenario.NONE);
        scenarios.add("p", null, "t1", null, null, Scenario.of(new JsonObject().put("failTask", "LATE")));

        clock.advance(Duration.ofSeconds(20));
        store.advance();

        assertThat(task.failureCode()).isEqualTo("LATE");
    }

    @Test
    void theAdminCanForceAndCompleteTasks() {
        EmulatedTask task = create("t1", Scenario.NONE);

        assertThat(store.forceNext("p", "t1")).isTrue();
        assertThat(task.phase()).isEqualTo(TaskPhase.QUEUED);
        assertThat(store.complete("p", "t1", "X1", "forced")).isTrue();
        assertThat(task.phase()).isEqualTo(TaskPhase.FAILED);
        assertThat(store.complete("p", "t1", null, null)).as("already final").isFalse();
        assertThat(changes).endsWith("t1:QUEUED>RUNNING", "t1:RUNNING>FAILED");
    }

    @Test
    void aReaderSeesANewPhaseOnlyAfterItsListenersRan() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.addListener("p", (task, from, to) -> {
            if (to == TaskPhase.FAILED) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        create("t1", Scenario.NONE);
        CompletableFuture<Boolean> completing =
                CompletableFuture.supplyAsync(() -> store.complete("p", "t1", "E", null));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<TaskPhase> read = CompletableFuture.supplyAsync(
                () -> store.find("p", "t1").orElseThrow().phase());
        // While the FAILED listener runs (a refund, say), nobody reads the task.
        Awaitility.await()
                .during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !read.isDone());
        release.countDown();

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(TaskPhase.FAILED);
        assertThat(completing.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
