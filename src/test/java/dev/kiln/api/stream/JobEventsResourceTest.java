package dev.kiln.api.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.problem.Problem;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.Jobs;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /jobs/{id}/events} against the real PostgreSQL: history, live events, Last-Event-ID, the end. */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class JobEventsResourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TestHTTPResource("/jobs/")
    URI jobs;

    @Inject
    JobLedger ledger;

    @Inject
    JobEventFeeds feeds;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Test
    void pastEventsComeInOrderThenLiveOnesToEveryFollowerAndTheStreamEndsAfterTheTerminalOne() throws Exception {
        Job job = Jobs.move(ledger, Jobs.accept(ledger, Requests.newJobId("sse-live")), JobState.QUEUED);

        try (SseClient first = SseClient.open(events(job.id), null);
                SseClient second = SseClient.open(events(job.id), null)) {
            assertThat(first.status(DEADLINE)).isEqualTo(200);
            assertThat(first.header("Content-Type", DEADLINE)).startsWith("text/event-stream");
            for (SseClient client : new SseClient[] {first, second}) {
                expect(client.next(DEADLINE), job.id, 1, "job.accepted");
                expect(client.next(DEADLINE), job.id, 2, "job.queued");
            }

            Job submitting = Jobs.move(ledger, job, JobState.SUBMITTING);
            expect(first.next(DEADLINE), job.id, 3, "job.submitting");
            expect(second.next(DEADLINE), job.id, 3, "job.submitting");

            OnVertx.await(() -> ledger.transition(
                    job.id, submitting.version, Transition.to(JobState.CANCELED, "CANCELED_BY_CALLER", "stop")));
            SseClient.Message last = first.next(DEADLINE);
            expect(last, job.id, 4, "job.canceled");
            assertThat(json.readTree(last.data()).at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
            assertThat(first.endsWithin(DEADLINE)).isTrue();
            expect(second.next(DEADLINE), job.id, 4, "job.canceled");
            assertThat(second.endsWithin(DEADLINE)).isTrue();
        }
        await().atMost(DEADLINE).until(() -> feeds.followed() == 0);
    }

    @Test
    void lastEventIdSkipsTheEventsTheClientHas() throws Exception {
        Job job = Jobs.accept(ledger, Requests.newJobId("sse-resume"));
        job = Jobs.move(ledger, Jobs.move(ledger, job, JobState.QUEUED), JobState.SUBMITTING);

        try (SseClient client = SseClient.open(events(job.id), "2")) {
            expect(client.next(DEADLINE), job.id, 3, "job.submitting");
            Jobs.move(ledger, job, JobState.SUBMITTED);
            expect(client.next(DEADLINE), job.id, 4, "job.submitted");
        }
    }

    @Test
    void anEndedJobStreamsItsHistoryAndEndsAndHasNothingMoreAfterItsLastEvent() throws Exception {
        Job job = Jobs.move(ledger, Jobs.accept(ledger, Requests.newJobId("sse-ended")), JobState.CANCELED);

        try (SseClient client = SseClient.open(events(job.id), null)) {
            expect(client.next(DEADLINE), job.id, 1, "job.accepted");
            expect(client.next(DEADLINE), job.id, 2, "job.canceled");
            assertThat(client.endsWithin(DEADLINE)).isTrue();
        }
        try (SseClient client = SseClient.open(events(job.id), "2")) {
            assertThat(client.status(DEADLINE)).as("do not reconnect").isEqualTo(204);
        }
    }

    @Test
    void anEventWhoseOutboxRowIsGoneIsServedFromTheHistoryTheSameAsOnKafka() throws Exception {
        Job job = Jobs.move(ledger, Jobs.accept(ledger, Requests.newJobId("sse-history")), JobState.QUEUED);
        JsonNode accepted = json.readTree(payload(job.id, 1));
        JsonNode queued = json.readTree(payload(job.id, 2));
        // As after the outbox's retention: sent rows deleted. And as before V6: no event kept with the transition.
        OnVertx.await(
                () -> pool.preparedQuery("DELETE FROM outbox WHERE job_id = $1").execute(Tuple.of(job.id)));
        OnVertx.await(
                () -> pool.preparedQuery("UPDATE job_transition SET event = NULL WHERE job_id = $1 AND sequence = 1")
                        .execute(Tuple.of(job.id)));

        try (SseClient client = SseClient.open(events(job.id), null)) {
            ObjectNode rebuilt =
                    (ObjectNode) json.readTree(client.next(DEADLINE).data());
            // The history keeps the time at PostgreSQL's precision, microseconds.
            assertThat(Instant.parse(rebuilt.remove("occurredAt").asText()))
                    .isEqualTo(Instant.parse(
                                    ((ObjectNode) accepted).remove("occurredAt").asText())
                            .truncatedTo(ChronoUnit.MICROS));
            assertThat(rebuilt).as("rebuilt").isEqualTo(accepted);
            assertThat(json.readTree(client.next(DEADLINE).data())).as("kept").isEqualTo(queued);
        }
    }

    @Test
    void anUnknownJobAnswers404AndABadLastEventId400() {
        given().accept("text/event-stream")
                .get("/jobs/{id}/events", Requests.newJobId("sse-none"))
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("No job"));
        Job job = Jobs.accept(ledger, Requests.newJobId("sse-bad-id"));
        given().accept("text/event-stream")
                .header("Last-Event-ID", "three")
                .get("/jobs/{id}/events", job.id)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void theOpenApiDocumentDescribesCancelAndTheEventStream() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/jobs/{jobId}/cancel"))
                .body("paths", org.hamcrest.Matchers.hasKey("/jobs/{jobId}/events"))
                .body("paths.'/jobs/{jobId}/events'.get.responses", org.hamcrest.Matchers.hasKey("200"));
    }

    private void expect(SseClient.Message message, String jobId, long sequence, String type) throws Exception {
        assertThat(message.id()).isEqualTo(Long.toString(sequence));
        assertThat(message.event()).isEqualTo(type);
        JsonNode data = json.readTree(message.data());
        assertThat(data.get("jobId").asText()).isEqualTo(jobId);
        assertThat(data.get("sequence").asLong()).isEqualTo(sequence);
        assertThat(data.get("type").asText()).isEqualTo(type);
        assertThat(data).isEqualTo(json.readTree(payload(jobId, sequence)));
    }

    /** The event's data as the outbox holds it for Kafka. */
    private String payload(String jobId, long sequence) {
        return OnVertx.await(() -> pool.preparedQuery(
                                "SELECT payload::text AS payload FROM outbox WHERE job_id = $1 AND sequence = $2")
                        .execute(Tuple.of(jobId, sequence)))
                .iterator()
                .next()
                .getString("payload");
    }

    private URI events(String jobId) {
        return jobs.resolve(jobId + "/events");
    }
}
