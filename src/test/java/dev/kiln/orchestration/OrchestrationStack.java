package dev.kiln.orchestration;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.local.KilnProcesses;
import dev.kiln.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Optional;

/** The real stack with a database of its own, and a provider emulator whose tasks take a fraction of a second. */
public class OrchestrationStack implements QuarkusTestResourceLifecycleManager {

    private static EmulatorServer emulator;

    /** The emulator of the running test class, for its call counts and scenarios. */
    public static EmulatorServer emulator() {
        return emulator;
    }

    @Override
    public Map<String, String> start() {
        emulator = EmulatorServer.start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()));
        Map<String, String> config = new java.util.LinkedHashMap<>(
                // KILN_PG_DATABASE keeps apart test runs that share one PostgreSQL server.
                LocalStack.forTests(Optional.ofNullable(System.getenv("KILN_PG_DATABASE"))
                                .orElse("kiln_test_orchestration"))
                        .quarkusConfig());
        config.putAll(KilnProcesses.emulatorConfig(emulator.baseUrl()));
        return config;
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
