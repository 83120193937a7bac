package dev.kiln.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.support.EventSchema;
import dev.kiln.support.KafkaTestClient;
import dev.kiln.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A job of every provider and every multi-step kind, published on the requests topic, runs through the real
 * consumer, dispatch and tracking against the emulator, and reaches GENERATED with each step's task and outputs
 * recorded, its slots given back, and one event per transition, in sequence, each valid against the contract.
 */
@QuarkusTest
@TestProfile(OrchestrationProfile.class)
class JobsRunToGeneratedTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PNG = Requests.SAMPLE_PNG;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.requests")
    String requests;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = KafkaTestClient.of(bootstrap);
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(
                        "hitem3d",
                        List.of("generate"),
                        """
                        {"jobId":"%s","provider":"hitem3d",
                         "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
                         "output":{"formats":["glb"]},"options":{"model":"hitem3dv1.5","resolution":"1024"}}"""),
                Arguments.of(
                        "hitem3d",
                        List.of("mesh", "texture"),
                        """
                        {"jobId":"%s","provider":"hitem3d",
                         "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
                         "output":{"formats":["glb"]},"options":{"staged":true}}"""),
                Arguments.of(
                        "hunyuan3d-pro",
                        List.of("generate"),
                        """
                        {"jobId":"%s","provider":"hunyuan3d-pro","input":{"prompt":"a ceramic teapot"},
                         "output":{"formats":["obj"]}}"""),
                Arguments.of(
                        "meshy-image-to-3d",
                        List.of("generate"),
                        """
                        {"jobId":"%s","provider":"meshy-image-to-3d",
                         "input":{"images":[{"base64":"%s","mediaType":"image/png"}]},
                         "output":{"formats":["glb","obj"]},"options":{"ai_model":"meshy-6"}}"""),
                Arguments.of(
                        "meshy-multi-image-to-3d",
                        List.of("generate"),
                        """
                        {"jobId":"%s","provider":"meshy-multi-image-to-3d",
                         "input":{"images":[{"url":"https://photos.example/front.png"},
                                            {"url":"https://photos.example/back.png"}]},
                         "output":{"formats":["glb"]}}"""),
                Arguments.of(
                        "meshy-figure",
                        List.of("prototype", "build"),
                        """
                        {"jobId":"%s","provider":"meshy-figure",
                         "input":{"images":[{"url":"https://photos.example/me.webp"}]},
                         "output":{"formats":["glb"]},"options":{"name":"me as a figure"}}"""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void aJobRunsThroughItsStepsToGenerated(String provider, List<String> steps, String template) {
        String jobId = Requests.newJobId(provider);
        // Templates without an inline image ignore the second argument.
        kafka.sendBinaryEvent(requests, jobId, "job.requested", template.formatted(jobId, PNG));

        await().atMost(DEADLINE)
                .failFast("the job ended without output", () -> types(jobId).stream()
                        .anyMatch(t -> t.equals("job.failed") || t.equals("job.rejected") || t.equals("job.canceled")))
                .until(() -> types(jobId).contains("job.generated"));
        List<JsonNode> announced = eventData(jobId);

        // One event per transition, in sequence, each valid against the published schema.
        for (int i = 0; i < announced.size(); i++) {
            JsonNode event = announced.get(i);
            assertThat(event.get("sequence").asLong()).isEqualTo(i + 1);
            assertThat(EventSchema.violations(event)).as(event.toString()).isEmpty();
        }
        List<String> types = types(jobId);
        assertThat(types.subList(0, 4))
                .containsExactly("job.accepted", "job.queued", "job.submitting", "job.submitted");
        assertThat(types.get(types.size() - 1)).isEqualTo("job.generated");
        assertThat(types.stream().filter("job.submitting"::equals)).hasSize(steps.size());
        // The events name the steps, in order.
        assertThat(announced.stream()
                        .filter(e -> e.get("type").asText().equals("job.submitting"))
                        .map(e -> e.get("step").asText()))
                .containsExactlyElementsOf(steps);
        JsonNode generated = announced.get(announced.size() - 1);
        assertThat(generated.at("/details/outputs").size()).isPositive();
        assertThat(generated.toString()).doesNotContain("http://").doesNotContain("https://");

        // Each step's task and outputs are recorded; the last is handed to storage; no slot is held any more.
        List<Row> items = new ArrayList<>();
        pool.preparedQuery("SELECT step, phase, provider_task_id, input_task_id, outputs::text AS outputs"
                        + " FROM work_item WHERE job_id = $1 ORDER BY step_index")
                .execute(Tuple.of(jobId))
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(items::add);
        assertThat(items).extracting(row -> row.getString("step")).containsExactlyElementsOf(steps);
        for (int i = 0; i < items.size(); i++) {
            Row item = items.get(i);
            assertThat(item.getString("provider_task_id")).isNotBlank();
            assertThat(item.getString("phase")).isEqualTo(i == items.size() - 1 ? "store" : "done");
            assertThat(item.getString("outputs")).contains("\"role\"");
            if (i > 0) {
                assertThat(item.getString("input_task_id"))
                        .isEqualTo(items.get(i - 1).getString("provider_task_id"));
            }
        }
        assertThat(pool.preparedQuery("SELECT count(*) FROM account_slot WHERE job_id = $1")
                        .execute(Tuple.of(jobId))
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .iterator()
                        .next()
                        .getLong(0))
                .isZero();
    }

    private List<JsonNode> eventData(String jobId) {
        return kafka.records(events, jobId).stream().map(KafkaTestClient::json).toList();
    }

    private List<String> types(String jobId) {
        return eventData(jobId).stream().map(e -> e.get("type").asText()).toList();
    }
}
