package dev.kiln.events;

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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class OutboxRelayTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @ConfigProperty(name = "kiln.topics.completions")
    String completions;

    @Inject
    JobLedger ledger;

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper json;

    @AfterEach
    void relayRuns() {
        relay.start();
    }

    @Test
    void eventsOfOneJobArriveInSequenceOrderWithDistinctIdsAndCloudEventsHeaders() throws Exception {
        KafkaTestClient kafka = KafkaTestClient.of(bootstrap);
        Job job = Jobs.accept(ledger, Requests.newJobId("relay-order"));
        List<JobState> path = List.of(
                JobState.QUEUED,
                JobState.SUBMITTING,
                JobState.SUBMITTED,
                JobState.RUNNING,
                JobState.GENERATED,
                JobState.STORING,
                JobState.COMPLETED);
        for (JobState next : path) {
            job = Jobs.move(ledger, job, next);
        }
        String jobId = job.id;

        await().atMost(DEADLINE).until(() -> kafka.records(events, jobId).size() >= 8);
        List<ConsumerRecord<String, byte[]>> records = kafka.records(events, jobId);
        assertThat(records).hasSize(8);
        List<JsonNode> data = records.stream().map(KafkaTestClient::json).toList();
        assertThat(data).extracting(d -> d.get("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(data).extracting(d -> d.get("eventId").asText()).doesNotHaveDuplicates();
        assertThat(data)
                .extracting(d -> d.get("type").asText())
                .startsWith("job.accepted")
                .endsWith("job.completed");
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id"))
                    .isEqualTo(data.get(i).get("eventId").asText());
            assertThat(header(record, "ce_type"))
                    .isEqualTo(data.get(i).get("type").asText());
            assertThat(header(record, "ce_subject")).isEqualTo(jobId);
            assertThat(header(record, "ce_sequence")).isEqualTo(Integer.toString(i + 1));
            assertThat(data.get(i).at("/labels/suite").asText()).isEqualTo("ledger");
            assertThat(EventSchema.violations(data.get(i)))
                    .as("event %d against job-event.schema.json", i + 1)
                    .isEmpty();
        }
        await().atMost(DEADLINE).until(() -> !kafka.records(completions, jobId).isEmpty());
        assertThat(kafka.records(completions, jobId))
                .singleElement()
                .extracting(r -> KafkaTestClient.json(r).get("type").asText())
                .isEqualTo("job.completed");
    }

    @Test
    void anEventLeftUnsentByACrashAfterCommitIsPublishedWhenTheRelayStarts() {
        KafkaTestClient kafka = KafkaTestClient.of(bootstrap);
        relay.stop();
        await().atMost(DEADLINE).until(() -> !relay.busy());
        // The commit happens with no relay running: as if the replica died right after it.
        Job job = Jobs.accept(ledger, Requests.newJobId("relay-crash"));
        assertThat(outboxRow(job.id).sentAt).isNull();

        relay.start();

        await().atMost(DEADLINE).until(() -> kafka.records(events, job.id).size() == 1);
        assertThat(KafkaTestClient.json(kafka.records(events, job.id).get(0))
                        .get("type")
                        .asText())
                .isEqualTo("job.accepted");
        await().atMost(DEADLINE).until(() -> outboxRow(job.id).sentAt != null);
    }

    @Test
    void withTwoReplicasRelayingEveryJobsEventsArriveOnceAndInOrder() throws Exception {
        KafkaTestClient kafka = KafkaTestClient.of(bootstrap);
        OutboxRelay secondReplica = relay.anotherReplica();
        secondReplica.start();
        try {
            List<JobState> path = List.of(
                    JobState.QUEUED,
                    JobState.SUBMITTING,
                    JobState.SUBMITTED,
                    JobState.RUNNING,
                    JobState.GENERATED,
                    JobState.STORING,
                    JobState.COMPLETED);
            List<String> jobIds = java.util.stream.IntStream.range(0, 12)
                    .mapToObj(i -> Requests.newJobId("relay-replicas"))
                    .toList();
            // Every job walks on its own thread at once, so commits of different jobs interleave while both relays,
            // woken by every commit's notification and by hand in turns, contend for the relay lock.
            ExecutorService walkers = Executors.newFixedThreadPool(jobIds.size());
            try {
                CyclicBarrier start = new CyclicBarrier(jobIds.size());
                List<CompletableFuture<Job>> walks = jobIds.stream()
                        .map(id -> CompletableFuture.supplyAsync(
                                () -> {
                                    awaitOthers(start);
                                    Job job = Jobs.accept(ledger, id);
                                    for (JobState next : path) {
                                        job = Jobs.move(ledger, job, next);
                                        (next.ordinal() % 2 == 0 ? secondReplica : relay).wake();
                                    }
                                    return job;
                                },
                                walkers))
                        .toList();
                for (CompletableFuture<Job> walk : walks) {
                    assertThat(walk.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).state)
                            .isEqualTo(JobState.COMPLETED);
                }
            } finally {
                walkers.shutdownNow();
            }

            for (String jobId : jobIds) {
                await().atMost(DEADLINE)
                        .until(() -> kafka.records(events, jobId).size() >= 8);
                assertThat(kafka.records(events, jobId).stream()
                                .map(r ->
                                        KafkaTestClient.json(r).get("sequence").asLong()))
                        .as("events of %s", jobId)
                        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            }
        } finally {
            secondReplica.stop();
        }
    }

    private static void awaitOthers(CyclicBarrier start) {
        try {
            start.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutboxEvent outboxRow(String jobId) {
        return OnVertx.inSession(
                () -> OutboxEvent.<OutboxEvent>find("jobId", jobId).firstResult());
    }
}
