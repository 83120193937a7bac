package dev.kiln.orchestration;

import static dev.kiln.orchestration.StageHarness.meshyCalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * However often a provider repeats a task's state (a stream replayed on every reconnect, poll after poll), each
 * state is announced once, in a gapless sequence; progress is announced as job.progress, no more often than
 * kiln.tracking.progress-every.
 */
@QuarkusTest
@TestProfile(OrchestrationProfile.class)
class TrackedEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.requests")
    String requests;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @ConfigProperty(name = "kiln.tracking.progress-every")
    Duration progressEvery;

    @Inject
    Pool pool;

    StageHarness stage;

    @BeforeEach
    void connect() {
        stage = new StageHarness(bootstrap, pool, requests, events);
        stage.reset();
    }

    @AfterEach
    void cleanUp() {
        stage.reset();
    }

    @Test
    void streamsDroppedAndReplayedAnnounceEachStateOnce() {
        // Every stream closes after its first message, which repeats the task's state from the start.
        stage.emulatorRule(Scenario.of(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 500)
                .put("processingMillis", 4_000)
                .put("sse", "drop")
                .put("sseEventsBeforeFault", 1)));
        String jobId = Requests.newJobId("sse-replays");
        stage.request(jobId, StageRequests.imageTo3d(jobId, null));
        stage.awaitEvent(jobId, "job.generated");
        String taskId = stage.providerTaskId(jobId, 0);

        int reads = meshyCalls("image-to-3d.stream", taskId).size()
                + meshyCalls("image-to-3d.get", taskId).size();
        assertThat(meshyCalls("image-to-3d.stream", taskId))
                .as("streams opened")
                .hasSizeGreaterThan(1);
        assertThat(reads).as("times the task's state was read").isGreaterThan(3);
        assertEachStateOnce(jobId);
    }

    @Test
    void repeatedPollsAnnounceEachStateOnce() {
        StageHarness.emulator()
                .context()
                .scenarios()
                .forProvider(
                        "hunyuan",
                        Scenario.of(new JsonObject()
                                .put("createdMillis", 0)
                                .put("queueMillis", 500)
                                .put("processingMillis", 2_500)));
        String jobId = Requests.newJobId("polls");
        stage.request(jobId, StageRequests.hunyuan(jobId, null));
        stage.awaitEvent(jobId, "job.generated");

        assertThat(StageHarness.emulator().context().calls().count("hunyuan", null, "poll"))
                .as("polls")
                .isGreaterThan(3);
        assertEachStateOnce(jobId);
    }

    @Test
    void progressIsAnnouncedNoMoreOftenThanConfigured() {
        stage.emulatorRule(Scenario.of(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 0)
                .put("processingMillis", progressEvery.toMillis() * 4)));
        String jobId = Requests.newJobId("progress");
        stage.request(jobId, StageRequests.imageTo3d(jobId, null));
        stage.awaitEvent(jobId, "job.generated");

        List<JsonNode> running = stage.events(jobId).stream()
                .filter(e -> e.get("state").asText().equals("RUNNING"))
                .toList();
        List<JsonNode> progress = running.stream()
                .filter(e -> e.get("type").asText().equals("job.progress"))
                .toList();
        assertThat(progress).as("progress events").isNotEmpty();
        for (int i = 1; i < running.size(); i++) {
            Instant before = Instant.parse(running.get(i - 1).get("occurredAt").asText());
            Instant after = Instant.parse(running.get(i).get("occurredAt").asText());
            assertThat(Duration.between(before, after))
                    .as("gap before " + running.get(i))
                    .isGreaterThanOrEqualTo(progressEvery);
            assertThat(running.get(i).at("/details/progress").asInt())
                    .isGreaterThan(running.get(i - 1).at("/details/progress").asInt());
        }
        assertEachStateOnce(jobId);
    }

    private void assertEachStateOnce(String jobId) {
        stage.assertGaplessAndValid(jobId);
        Map<String, Long> counts = stage.types(jobId).stream()
                .filter(type -> !type.equals("job.progress"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts)
                .as("events per type")
                .allSatisfy((type, count) -> assertThat(count).as(type).isOne());
        assertThat(counts.keySet())
                .contains(
                        "job.accepted",
                        "job.queued",
                        "job.submitting",
                        "job.submitted",
                        "job.running",
                        "job.generated");
    }
}
