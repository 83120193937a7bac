package dev.kiln.job.intake;

import static dev.kiln.support.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.job.Job;
import dev.kiln.job.JobState;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.KafkaTestClient;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records that once stopped intake for good, or got a poor answer, each through the real consumer: every one
 * ends as exactly one outcome, and a valid request published after it is still accepted.
 */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class BadRecordsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.requests")
    String requests;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @ConfigProperty(name = "kiln.topics.dead-letters")
    String deadLetters;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = KafkaTestClient.of(bootstrap);
    }

    /** Whatever the test sent, intake must still take a valid request afterwards. */
    @AfterEach
    void intakeStillAcceptsAValidRequest() {
        String next = Requests.newJobId("after");
        kafka.sendBinaryEvent(requests, next, "job.requested", Requests.valid(next));
        assertThat(awaitEvents(next).get(0).get("type").asText()).isEqualTo("job.accepted");
        RestAssured.get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aRequestWithNoProviderIsRejectedAsAnUnknownProvider() {
        String jobId = Requests.newJobId("no-provider");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", "{\"jobId\":\"" + jobId + "\"}");
        JsonNode rejected = awaitEvents(jobId).get(0);
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("UNKNOWN_PROVIDER");
        assertThat(rejected.at("/reason/message").asText()).contains("missing");
    }

    @Test
    void aProviderThatIsANumberIsRejectedAsAnUnknownProvider() {
        String jobId = Requests.newJobId("numeric-provider");
        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("\"meshy-image-to-3d\"", "7"));
        JsonNode rejected = awaitEvents(jobId).get(0);
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("UNKNOWN_PROVIDER");
        assertThat(rejected.at("/reason/message").asText()).contains("number");
    }

    @Test
    void aHugeNumberAnywhereIsRejectedNamingWhereItIs() {
        String jobId = Requests.newJobId("huge-number");
        kafka.sendBinaryEvent(
                requests,
                jobId,
                "job.requested",
                Requests.valid(jobId).replace("\"order\":\"42\"", "\"order\":1e10000"));
        JsonNode rejected = awaitEvents(jobId).get(0);
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("NUMBER_OUT_OF_RANGE");
        assertThat(rejected.at("/reason/message").asText()).startsWith("labels.order");
        assertThat(job(jobId).state).isEqualTo(JobState.REJECTED);
    }

    @Test
    void aTinyNumberIsRejectedAndNegativeZeroIsJudgedLikeAnyNumber() {
        String tiny = Requests.newJobId("tiny-number");
        kafka.sendBinaryEvent(
                requests,
                tiny,
                "job.requested",
                Requests.valid(tiny).replace("\"ai_model\":\"meshy-6\"", "\"ai_model\":\"meshy-6\",\"x\":1e-10000"));
        assertThat(awaitEvents(tiny).get(0).at("/reason/code").asText()).isEqualTo("NUMBER_OUT_OF_RANGE");

        String zero = Requests.newJobId("negative-zero");
        kafka.sendBinaryEvent(
                requests, zero, "job.requested", Requests.valid(zero).replace("\"order\":\"42\"", "\"order\":-0.0"));
        JsonNode event = awaitEvents(zero).get(0);
        assertThat(event.get("type").asText()).isEqualTo("job.rejected");
        assertThat(event.at("/reason/code").asText()).isEqualTo("SCHEMA_VIOLATION");
    }

    /** Found by the fuzz test: the digit count of 1E+2147483647 overflowed an int and passed as storable. */
    @Test
    void theLargestExponentIsRejectedNotFailedOn() {
        String jobId = Requests.newJobId("max-exponent");
        kafka.sendBinaryEvent(
                requests,
                jobId,
                "job.requested",
                Requests.valid(jobId).replace("\"output\":{", "\"x\":1E+2147483647,\"output\":{"));
        assertThat(awaitEvents(jobId).get(0).at("/reason/code").asText()).isEqualTo("NUMBER_OUT_OF_RANGE");
    }

    /** Found by the fuzz test: PostgreSQL refused the request as invalid UTF-8 and intake failed on it. */
    @Test
    void anUnpairedSurrogateIsADeadLetterNotAStorageFailure() {
        String jobId = Requests.newJobId("lone-surrogate");
        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("\"acme\"", "\"ac\\ud800me\""));
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(jobId);
        assertThat(header(dead, "dead-letter-code")).isEqualTo("MALFORMED_JSON");
        assertThat(header(dead, "dead-letter-reason"))
                .contains("unpaired UTF-16 surrogate")
                .contains("d800");
    }

    /** Found by the fuzz test: the schema validator could not name the field "" and threw. */
    @Test
    void anEmptyKeyIsNamedInTheRejection() {
        String jobId = Requests.newJobId("empty-key");
        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("\"order\":", "\"\":"));
        JsonNode rejected = awaitEvents(jobId).get(0);
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(rejected.at("/reason/message").asText()).contains("labels: property ''");
    }

    @Test
    void aNumberTooLongToReadIsADeadLetter() {
        String key = Requests.newJobId("unreadable-number");
        String request = Requests.valid(key).replace("\"order\":\"42\"", "\"order\":" + "9".repeat(5000));
        kafka.sendBinaryEvent(requests, key, "job.requested", request);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
        assertThat(header(dead, "dead-letter-code")).isEqualTo("JSON_LIMIT_EXCEEDED");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(request);
    }

    @Test
    void anExponentTooLargeToReadIsADeadLetterOrARejection() {
        String key = Requests.newJobId("huge-exponent");
        kafka.sendBinaryEvent(
                requests,
                key,
                "job.requested",
                Requests.valid(key).replace("\"order\":\"42\"", "\"order\":1e999999999999"));
        await().atMost(DEADLINE)
                .until(() -> !kafka.records(deadLetters, key).isEmpty()
                        || !kafka.records(events, key).isEmpty());
        List<ConsumerRecord<String, byte[]>> dead = kafka.records(deadLetters, key);
        String code = dead.isEmpty()
                ? KafkaTestClient.json(kafka.records(events, key).get(0))
                        .at("/reason/code")
                        .asText()
                : header(dead.get(0), "dead-letter-code");
        assertThat(code).isEqualTo("NUMBER_OUT_OF_RANGE");
    }

    @Test
    void deepNestingIsADeadLetter() {
        String key = Requests.newJobId("deep");
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        kafka.sendBinaryEvent(
                requests, key, "job.requested", Requests.valid(key).replace("\"order\":\"42\"", "\"order\":" + deep));
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
        assertThat(header(dead, "dead-letter-code")).isEqualTo("JSON_LIMIT_EXCEEDED");
        assertThat(header(dead, "dead-letter-reason")).contains("64");
    }

    @Test
    void aRequestUnderAnotherKeyIsADeadLetterAndDoesNotUseUpItsJobId() {
        String jobId = Requests.newJobId("key-mismatch");
        String wrongKey = Requests.newJobId("other-key");
        kafka.sendBinaryEvent(requests, wrongKey, "job.requested", Requests.valid(jobId));
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(wrongKey);
        assertThat(header(dead, "dead-letter-code")).isEqualTo("KEY_MISMATCH");
        assertThat(header(dead, "dead-letter-reason")).contains(jobId).contains(wrongKey);
        assertThat(job(jobId)).isNull();

        kafka.sendBinaryEvent(requests, jobId, "job.requested", Requests.valid(jobId));
        assertThat(awaitEvents(jobId).get(0).get("type").asText()).isEqualTo("job.accepted");
    }

    @Test
    void aCancelUnderAnotherKeyIsADeadLetterAndLeavesTheJobAlone() {
        String jobId = Requests.newJobId("cancel-key");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", Requests.valid(jobId));
        awaitEvents(jobId);
        String wrongKey = Requests.newJobId("cancel-other-key");
        kafka.sendBinaryEvent(requests, wrongKey, "job.cancel-requested", "{\"jobId\":\"" + jobId + "\"}");
        assertThat(header(awaitDeadLetter(wrongKey), "dead-letter-code")).isEqualTo("KEY_MISMATCH");
        assertThat(job(jobId).state).isEqualTo(JobState.ACCEPTED);
    }

    @Test
    void aRequestWithoutAKeyIsTakenByItsJobId() {
        String jobId = Requests.newJobId("no-key");
        kafka.send(
                requests,
                null,
                Requests.valid(jobId).getBytes(StandardCharsets.UTF_8),
                Map.of("ce_specversion", "1.0", "ce_id", jobId, "ce_source", "urn:t", "ce_type", "job.requested"));
        assertThat(awaitEvents(jobId).get(0).get("type").asText()).isEqualTo("job.accepted");
    }

    /** The address matrix of the outbound guard, through the real consumer: each is a REJECTED job, never sent on. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "https://169.254.169.254/latest/meta-data/iam",
                "https://127.0.0.1/x.png",
                "https://0177.0.0.1/x.png",
                "https://0x7f000001/x.png",
                "https://2130706433/x.png",
                "https://10.0.0.7/x.png",
                "https://172.16.4.2/x.png",
                "https://192.168.1.1/x.png",
                "https://100.64.0.1/x.png",
                "https://0.0.0.0/x.png",
                "https://[::1]/x.png",
                "https://[fd00::1]/x.png",
                "https://[fe80::1]/x.png",
                "https://[::ffff:169.254.169.254]/x.png",
                "https://localhost/x.png",
                "https://printer.local/x.png",
                "https://user:pw@images.example.com/x.png"
            })
    void anImageUrlThatPointsInsideIsRejectedAsForbidden(String url) {
        String jobId = Requests.newJobId("inside-url");
        kafka.sendBinaryEvent(
                requests,
                jobId,
                "job.requested",
                Requests.valid(jobId).replace("https://images.example.com/chair.png?sig=abc", url));
        JsonNode rejected = awaitEvents(jobId).get(0);
        assertThat(rejected.get("type").asText()).isEqualTo("job.rejected");
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("FORBIDDEN_IMAGE_URL");
        assertThat(rejected.at("/reason/message").asText()).startsWith("input.images[0].url");
        assertThat(rejected.toString())
                .as("a URL's password never reaches an event")
                .doesNotContain(":pw@");
        assertThat(job(jobId).state).isEqualTo(JobState.REJECTED);
    }

    private List<JsonNode> awaitEvents(String jobId) {
        await().atMost(DEADLINE).until(() -> !kafka.records(events, jobId).isEmpty());
        return kafka.records(events, jobId).stream().map(KafkaTestClient::json).toList();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        await().atMost(DEADLINE).until(() -> !kafka.records(deadLetters, key).isEmpty());
        return kafka.records(deadLetters, key).get(0);
    }

    private static Job job(String jobId) {
        return OnVertx.inSession(() -> Job.<Job>findById(jobId));
    }
}
