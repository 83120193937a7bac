package dev.kiln.provider.meshy;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.config.ProvidersConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts the provider emulator in-process once per class; every test gets fresh emulator state. */
abstract class MeshyEmulatorTestBase {
    static final Duration WAIT = Duration.ofSeconds(20);
    static EmulatorServer emulator;
    static Vertx vertx;
    MeshyClient client;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorServer.start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopEmulator() {
        vertx.closeAndAwait();
        emulator.close();
    }

    @BeforeEach
    void freshEmulatorAndClient() {
        emulator.reset();
        client = new MeshyClient(vertx, config(Map.of()), Clock.systemUTC());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    /** Test settings: the emulator's address, its default key, short timeouts so failures show fast. */
    static ProvidersConfig.Meshy config(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "kiln.providers.meshy.base-url", emulator.baseUrl(),
                "kiln.providers.meshy.api-key", MeshyAccounts.DEFAULT_KEY,
                "kiln.providers.meshy.http.request-timeout", "2S",
                "kiln.providers.meshy.http.idle-timeout", "2S",
                "kiln.providers.meshy.sse-idle-timeout", "1S",
                "kiln.providers.meshy.sse-reconnect-delay", "PT0.1S",
                "kiln.providers.meshy.poll-interval", "PT0.1S",
                "kiln.providers.meshy.rate-limit.requests-per-second", "100",
                "kiln.providers.meshy.rate-limit.burst", "20"));
        properties.putAll(overrides);
        return TestConfigs.providers(properties).meshy();
    }

    /** Makes the next {@code times} calls of one emulator operation behave as {@code knobs} say. */
    static void scenario(String operation, int times, JsonObject knobs) {
        emulator.context().scenarios().forOperation(MeshyAccounts.PROVIDER, operation, times, Scenario.of(knobs));
    }

    /** Makes every task of the default account behave as {@code knobs} say. */
    static void taskScenario(JsonObject knobs) {
        emulator.context().scenarios().forAccount(MeshyAccounts.PROVIDER, "default", Scenario.of(knobs));
    }

    static int calls(String operation) {
        return emulator.context().calls().count(MeshyAccounts.PROVIDER, null, operation);
    }

    static ProviderError failureOf(Uni<?> call) {
        try {
            call.await().atMost(WAIT);
        } catch (ProviderException expected) {
            return expected.error();
        }
        throw new AssertionError("the call succeeded but should have failed");
    }
}
