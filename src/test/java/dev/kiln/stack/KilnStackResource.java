package dev.kiln.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Hands the real Kafka, PostgreSQL and S3 servers of {@link LocalStack} to a {@code @QuarkusTest} as
 * configuration. The servers start once per test JVM and stop with it.
 */
public class KilnStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalStack.forTests().quarkusConfig();
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of the run; they stop with the JVM.
    }
}
