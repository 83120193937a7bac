package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.task.TaskPhase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts one emulator (with only the Meshy API) per test class on a random port; every test starts from a reset. */
abstract class MeshyEmulatorTestBase {

    static final String KEY = MeshyAccounts.DEFAULT_KEY;
    /** Tasks that stay PENDING until the test moves the clock. */
    static final String HELD = "{\"queueMillis\": 600000}";
    /** Tasks that stay PENDING, then IN_PROGRESS, until the test advances them. */
    static final String HELD_THROUGHOUT = "{\"queueMillis\": 600000, \"processingMillis\": 600000}";
    /** Tasks that run for 100 s of emulator time. */
    static final String SLOW = "{\"queueMillis\": 0, \"processingMillis\": 100000}";

    static final String FAST = "fast-tasks";

    static final RequestTicker TICKER = new RequestTicker();
    static EmulatorServer emulator;
    static MeshyTestClient client;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorServer.start(EmulatorOptions.defaults().apis(List.of(new MeshyApi(TICKER::nanoTime))));
        client = new MeshyTestClient(emulator.baseUrl());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void resetEmulator() {
        TICKER.release();
        emulator.reset();
        // Tests poll quickly and in bursts; the request-rate limit has its own test, which lowers this again.
        account("default").settings().put(MeshyAccounts.REQUESTS_PER_SECOND, 200);
    }

    static Account account(String id) {
        return emulator.context().accounts().find(MeshyAccounts.PROVIDER, id).orElseThrow();
    }

    /** Moves a task to its next phase through the admin API, as an adapter's test would. */
    static void advanceTask(String id) {
        HttpResponse<String> answer =
                client.post("/_emulator/tasks/" + MeshyAccounts.PROVIDER + "/" + id + "/advance", null, "", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    }

    /** Advances a held task until it runs (IN_PROGRESS). */
    static void advanceTaskUntilRunning(String id) {
        for (int i = 0; i < 3 && phase(id) != TaskPhase.RUNNING; i++) {
            advanceTask(id);
        }
        assertThat(phase(id)).isEqualTo(TaskPhase.RUNNING);
    }

    static TaskPhase phase(String id) {
        return emulator.context()
                .tasks()
                .find(MeshyAccounts.PROVIDER, id)
                .orElseThrow()
                .phase();
    }

    static void advanceClock(Duration duration) {
        emulator.context().clock().advance(duration);
    }

    /** The monotonic time the rate limit counts in: real time, unless a test freezes it to count exactly. */
    static final class RequestTicker {
        private volatile Long frozen;

        long nanoTime() {
            Long value = frozen;
            return value != null ? value : System.nanoTime();
        }

        void freeze() {
            frozen = System.nanoTime();
        }

        void advance(Duration duration) {
            frozen = frozen + duration.toNanos();
        }

        void release() {
            frozen = null;
        }
    }
}
