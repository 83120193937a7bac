package dev.kiln.provider.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.StubServer;
import dev.kiln.provider.TestConfigs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a 429 holds back the account. */
class MeshyRateLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TASK = "/openapi/v1/image-to-3d/t-1";
    private static StubServer stub;
    private static Vertx vertx;
    private MeshyClient client;

    @BeforeAll
    static void start() throws Exception {
        stub = new StubServer();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.closeAndAwait();
        stub.close();
    }

    @BeforeEach
    void fresh() {
        stub.calls().clear();
        client = new MeshyClient(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.meshy.base-url", stub.baseUrl(),
                                "kiln.providers.meshy.api-key", "stub-key",
                                "kiln.providers.meshy.default-retry-after", "30S",
                                "kiln.providers.meshy.rate-limit.max-wait", "1S"))
                        .meshy(),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static ProviderError failureOf(Uni<?> call) {
        try {
            call.await().atMost(WAIT);
        } catch (ProviderException expected) {
            return expected.error();
        }
        throw new AssertionError("the call succeeded but should have failed");
    }

    @Test
    void aRateLimitWithoutRetryAfterPausesTheAccountForTheDefault() {
        stub.json(TASK, 429, "{\"message\":\"RateLimitExceeded\"}");

        assertThat(failureOf(client.get(TASK)).retryAfter()).isEqualTo(Duration.ofSeconds(30));
        ProviderError held = failureOf(client.get(TASK));

        assertThat(held.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(held.retryAfter())
                .as("the remaining pause, not max-wait")
                .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30));
        assertThat(stub.calls()).hasSize(1);
    }

    @Test
    void aFullTaskQueueDoesNotHoldBackPollsOrCancels() {
        stub.json(TASK, 429, "{\"message\":\"NoMoreConcurrentTasks\"}", Map.of("Retry-After", "30"));

        assertThat(failureOf(client.get(TASK)).kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED);
        stub.json(TASK, 404, "{\"message\":\"Not found\"}");

        assertThat(failureOf(client.get(TASK)).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(stub.calls()).hasSize(2);
    }
}
