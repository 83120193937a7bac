package dev.kiln.orchestration;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Kiln with its background workers running, against the real stack (a database of its own, so no other test
 * class's jobs are dispatched) and the provider emulator with fast tasks.
 */
public class OrchestrationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kiln.work.enabled", "true",
                "kiln.work.sweep-every", "200ms",
                "kiln.tracking.poll-min", "100ms",
                "kiln.tracking.poll-max", "1s",
                "kiln.dispatch.retry-base", "200ms",
                "kiln.dispatch.reconcile-after", "200ms",
                // A tracker holding a stream sees a cancel or deadline only when its session ends: keep it short.
                "kiln.tracking.stream-session", "2s",
                // A create call that never answers gives up (and goes to reconciliation) within seconds.
                "kiln.providers.meshy.http.request-timeout", "3s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OrchestrationStack.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
