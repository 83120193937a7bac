package dev.kiln.job.intake;

import static dev.kiln.support.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.EventSchema;
import dev.kiln.support.Jobs;
import dev.kiln.support.KafkaTestClient;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class RequestIntakeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.requests")
    String requests;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @ConfigProperty(name = "kiln.topics.completions")
    String completions;

    @ConfigProperty(name = "kiln.topics.dead-letters")
    String deadLetters;

    @Inject
    RequestIntake intake;

    @Inject
    ObjectMapper json;

    @Inject
    JobLedger ledger;

    @Inject
    Pool pool;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = KafkaTestClient.of(bootstrap);
    }

    @Test
    void sameRequestDeliveredTwiceAndPublishedTwiceGivesOneJobAndOneAcceptedEvent() throws Exception {
        String jobId = Requests.newJobId("twice");
        String request = Requests.valid(jobId);
        // Published twice, once in each CloudEvents mode.
        kafka.sendBinaryEvent(requests, jobId, "job.requested", request);
        kafka.sendStructuredEvent(requests, jobId, "job.requested", request);
        awaitEvents(jobId, 1);
        // Delivered twice: the same record handed to intake again, as after a crash before its acknowledgement.
        KafkaRecord<String, byte[]> redelivered =
                KafkaRecord.of(requests, jobId, request.getBytes(StandardCharsets.UTF_8));
        OnVertx.await(() -> intake.process(List.of(redelivered, redelivered)));

        Job job = job(jobId);
        assertThat(job.state).isEqualTo(JobState.ACCEPTED);
        assertThat(job.version).isEqualTo(1);
        // Let any wrongly created event surface: a later request's event on another key must overtake it.
        String marker = Requests.newJobId("marker");
        kafka.sendBinaryEvent(requests, marker, "job.requested", Requests.valid(marker));
        awaitEvents(marker, 1);
        List<JsonNode> jobEvents = eventData(events, jobId);
        assertThat(jobEvents).hasSize(1);
        assertThat(jobEvents.get(0).get("type").asText()).isEqualTo("job.accepted");
        assertThat(jobEvents.get(0).get("sequence").asLong()).isEqualTo(1);
        assertThat(jobEvents.get(0).get("labels")).isEqualTo(json.readTree("{\"tenant\":\"acme\",\"order\":\"42\"}"));
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextRecordIsProcessed() {
        String badKey = Requests.newJobId("garbage");
        kafka.send(requests, badKey, "{not json".getBytes(StandardCharsets.UTF_8), Map.of("trace", "t-1"));
        String jobId = Requests.newJobId("after-garbage");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", Requests.valid(jobId));

        awaitEvents(jobId, 1);
        ConsumerRecord<String, byte[]> dead = awaitOne(deadLetters, badKey);
        assertThat(header(dead, "dead-letter-code")).isEqualTo("MALFORMED_JSON");
        assertThat(header(dead, "dead-letter-reason")).contains("not JSON");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(requests);
        assertThat(header(dead, "trace")).isEqualTo("t-1");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    }

    @Test
    void recordWithoutJobIdGoesToTheDeadLetterTopic() {
        String key = Requests.newJobId("no-id");
        kafka.sendBinaryEvent(requests, key, "job.requested", "{\"provider\":\"hitem3d\"}");
        ConsumerRecord<String, byte[]> dead = awaitOne(deadLetters, key);
        assertThat(header(dead, "dead-letter-code")).isEqualTo("MISSING_JOB_ID");
    }

    @Test
    void invalidRequestBecomesARejectedJobAnnouncedOnEventsAndCompletions() throws Exception {
        String jobId = Requests.newJobId("invalid");
        String request = Requests.valid(jobId).replace("\"obj\"", "\"dwg\"");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", request);

        JsonNode rejected = awaitEvents(jobId, 1).get(0);
        assertThat(rejected.get("type").asText()).isEqualTo("job.rejected");
        assertThat(rejected.get("state").asText()).isEqualTo("REJECTED");
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(EventSchema.violations(rejected)).isEmpty();
        assertThat(rejected.at("/reason/message").asText()).contains("output.formats[1]");
        assertThat(rejected.get("labels").get("tenant").asText()).isEqualTo("acme");
        await().atMost(DEADLINE).until(() -> eventData(completions, jobId).size() == 1);
        assertThat(eventData(completions, jobId).get(0).get("eventId")).isEqualTo(rejected.get("eventId"));
        assertThat(job(jobId).outcomeCode).isEqualTo("SCHEMA_VIOLATION");
    }

    @Test
    void unknownProviderIsRejectedWithItsOwnCode() {
        String jobId = Requests.newJobId("unknown-provider");
        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("meshy-image-to-3d", "acme-3d"));
        JsonNode rejected = awaitEvents(jobId, 1).get(0);
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("UNKNOWN_PROVIDER");
        assertThat(rejected.at("/reason/message").asText()).contains("acme-3d").contains("hitem3d");
    }

    @Test
    void duplicateJobIdWithADifferentPayloadGoesToTheDeadLetterTopicAndLeavesTheJobAsItWas() throws Exception {
        String jobId = Requests.newJobId("conflict");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", Requests.valid(jobId));
        awaitEvents(jobId, 1);
        Job before = job(jobId);

        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("acme", "other"));
        ConsumerRecord<String, byte[]> dead = awaitOne(deadLetters, jobId);

        assertThat(header(dead, "dead-letter-code")).isEqualTo("DUPLICATE_JOB_ID_CONFLICT");
        assertThat(header(dead, "dead-letter-reason")).contains(jobId).contains("unchanged");
        Job after = job(jobId);
        assertThat(after.version).isEqualTo(before.version);
        assertThat(after.state).isEqualTo(before.state);
        assertThat(after.request).isEqualTo(before.request);
        assertThat(after.labels).isEqualTo(before.labels);
        assertThat(eventData(events, jobId)).hasSize(1);
    }

    @Test
    void cancelOfAJobThatHasNotReachedAProviderCancelsItAtOnce() {
        String jobId = Requests.newJobId("cancel");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", Requests.valid(jobId));
        kafka.sendStructuredEvent(
                requests,
                jobId,
                "job.cancel-requested",
                "{\"jobId\":\"" + jobId + "\",\"reason\":\"customer changed their mind\"}");

        List<JsonNode> jobEvents = awaitEvents(jobId, 2);
        assertThat(jobEvents.get(1).get("type").asText()).isEqualTo("job.canceled");
        assertThat(jobEvents.get(1).get("previousState").asText()).isEqualTo("ACCEPTED");
        assertThat(jobEvents.get(1).at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
        assertThat(jobEvents.get(1).at("/reason/message").asText()).isEqualTo("customer changed their mind");
        await().atMost(DEADLINE).until(() -> eventData(completions, jobId).size() == 1);
    }

    @Test
    void cancelOfAJobAtAProviderMarksItAndNudgesItsWorkOnceCommitted() {
        String jobId = Requests.newJobId("cancel-later");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", Requests.valid(jobId));
        awaitEvents(jobId, 1);
        Job job = job(jobId);
        for (JobState to : new JobState[] {JobState.QUEUED, JobState.SUBMITTING, JobState.SUBMITTED}) {
            job = Jobs.move(ledger, job, to);
        }
        // The item's next look is an hour away: only the nudge can make it due now.
        OnVertx.await(
                () -> pool.preparedQuery("UPDATE work_item SET due_at = now() + interval '1 hour' WHERE job_id = $1")
                        .execute(Tuple.of(jobId)));

        kafka.sendBinaryEvent(
                requests, jobId, "job.cancel-requested", "{\"jobId\":\"" + jobId + "\",\"reason\":\"stop it\"}");

        await().atMost(DEADLINE).until(() -> OnVertx.await(() -> pool.preparedQuery(
                                "SELECT j.cancel_reason = 'stop it' AND w.due_at <= now() AND w.nudged_at IS NOT NULL"
                                        + " AS done FROM job j JOIN work_item w ON w.job_id = j.id WHERE j.id = $1")
                        .execute(Tuple.of(jobId)))
                .iterator()
                .next()
                .getBoolean("done"));
        assertThat(job(jobId).version)
                .as("no transition until the tracker cancels it")
                .isEqualTo(job.version);
    }

    @Test
    void cancelOfAnUnknownJobGoesToTheDeadLetterTopic() {
        String jobId = Requests.newJobId("cancel-unknown");
        kafka.sendBinaryEvent(requests, jobId, "job.cancel-requested", "{\"jobId\":\"" + jobId + "\"}");
        assertThat(header(awaitOne(deadLetters, jobId), "dead-letter-code")).isEqualTo("UNKNOWN_JOB");
    }

    @Test
    void aNulCharacterGoesToTheDeadLetterTopicInsteadOfStoppingIntake() {
        String jobId = Requests.newJobId("nul");
        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("\"acme\"", "\"ac\\u0000me\""));
        String next = Requests.newJobId("after-nul");
        kafka.sendBinaryEvent(requests, next, "job.requested", Requests.valid(next));

        assertThat(header(awaitOne(deadLetters, jobId), "dead-letter-code")).isEqualTo("MALFORMED_JSON");
        assertThat(awaitEvents(next, 1).get(0).get("type").asText()).isEqualTo("job.accepted");
    }

    @Test
    void theSameNumbersWrittenDifferentlyAreTheSameRequest() {
        String jobId = Requests.newJobId("numbers");
        String request = Requests.valid(jobId)
                .replace("\"ai_model\":\"meshy-6\"", "\"ai_model\":\"meshy-6\",\"target_polycount\":30000");
        kafka.sendBinaryEvent(requests, jobId, "job.requested", request);
        kafka.sendBinaryEvent(requests, jobId, "job.requested", request.replace("30000", "3.0E4"));
        String marker = Requests.newJobId("marker");
        kafka.sendBinaryEvent(requests, marker, "job.requested", Requests.valid(marker));

        awaitEvents(marker, 1);
        assertThat(eventData(events, jobId)).hasSize(1);
        assertThat(kafka.records(deadLetters, jobId)).isEmpty();
    }

    @Test
    void aHugeUnknownProviderNameIsRejectedWithoutEchoingItWhole() {
        String jobId = Requests.newJobId("huge-provider");
        String huge = "x".repeat(50_000);
        kafka.sendBinaryEvent(
                requests, jobId, "job.requested", Requests.valid(jobId).replace("meshy-image-to-3d", huge));

        JsonNode rejected = awaitEvents(jobId, 1).get(0);
        assertThat(rejected.at("/reason/code").asText()).isEqualTo("UNKNOWN_PROVIDER");
        assertThat(rejected.at("/reason/message").asText()).hasSizeLessThan(400);
        assertThat(rejected.has("provider")).isFalse();
    }

    private List<JsonNode> awaitEvents(String jobId, int count) {
        await().atMost(DEADLINE).until(() -> eventData(events, jobId).size() >= count);
        return eventData(events, jobId);
    }

    private ConsumerRecord<String, byte[]> awaitOne(String topic, String key) {
        await().atMost(DEADLINE).until(() -> !kafka.records(topic, key).isEmpty());
        return kafka.records(topic, key).get(0);
    }

    private List<JsonNode> eventData(String topic, String jobId) {
        return kafka.records(topic, jobId).stream().map(KafkaTestClient::json).toList();
    }

    private static Job job(String jobId) {
        return OnVertx.inSession(() -> Job.<Job>findById(jobId));
    }
}
