package dev.kiln.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KafkaTestClient;
import dev.kiln.support.Requests;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The harness that later crash tests stand on: two Kiln processes from the packaged application, sharing one
 * Kafka, PostgreSQL and emulator. The methods run in order, as one story: both come up, both serve a job, one is
 * frozen and thawed, one is killed, the last one is shut down gracefully.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KilnProcessesIT {

    private static final String REQUESTS = "kiln.jobs.requests";

    private KilnProcesses kiln;
    private KilnProcess a;
    private KilnProcess b;

    @BeforeAll
    void startTwoProcesses() {
        kiln = KilnProcesses.start();
        long begun = System.nanoTime();
        List<KilnProcess> both = kiln.startAll(KilnProcessSettings.defaults(), "a", "b");
        System.out.printf(
                "KilnProcessesIT: two Kiln processes ready %d ms after their start%n",
                Duration.ofNanos(System.nanoTime() - begun).toMillis());
        a = both.get(0);
        b = both.get(1);
    }

    @AfterAll
    void cleanUp() {
        if (kiln != null) {
            kiln.close();
        }
    }

    @Test
    @Order(1)
    void twoProcessesStartAgainstTheSharedStackAndBothReportReady() {
        assertThat(a.ready()).isTrue();
        assertThat(b.ready()).isTrue();
        assertThat(a.pid())
                .isNotEqualTo(b.pid())
                .isNotEqualTo(ProcessHandle.current().pid());
        assertThat(a.httpPort()).isNotEqualTo(b.httpPort());
        assertThat(a.owner()).isNotEqualTo(b.owner());
        assertThat(a.config("kiln.work.enabled")).isEqualTo("true");
        assertThat(a.log()).isEqualTo(KilnProcesses.LOGS.resolve("a.log"));
        assertThat(a.log()).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void aPublishedRequestIsAcceptedAndReadableThroughEitherProcess() {
        String jobId = publishRequest();

        for (KilnProcess process : List.of(a, b)) {
            await("job " + jobId + " recorded, read through " + process)
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(firstTransition(process, jobId)).isEqualTo("ACCEPTED"));
        }
    }

    @Test
    @Order(3)
    void aStoppedProcessAnswersNothingUntilItIsResumed() {
        a.stop();
        await("SIGSTOPped " + a + " stops answering /q/health")
                .atMost(Duration.ofSeconds(20))
                .until(() -> !a.answersHealth(Duration.ofSeconds(1)));
        assertThat(a.isAlive()).isTrue();
        assertThat(b.ready()).as("the other process is not affected").isTrue();

        a.resume();
        await("SIGCONTed " + a + " answers /q/health again")
                .atMost(Duration.ofSeconds(30))
                .until(() -> a.answersHealth(Duration.ofSeconds(2)));
        await("SIGCONTed " + a + " ready again").atMost(Duration.ofSeconds(60)).until(a::ready);
    }

    @Test
    @Order(4)
    void killNineOfOneProcessLeavesTheOtherServingAndReady() {
        b.kill9();

        assertThat(b.isAlive()).isFalse();
        assertThat(b.answersHealth(Duration.ofSeconds(1))).isFalse();
        assertThat(a.ready()).isTrue();
        // The survivor keeps taking requests: the killed one's partitions move to it once its Kafka session lapses.
        String jobId = publishRequest();
        await("job " + jobId + " accepted by the survivor " + a)
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(firstTransition(a, jobId)).isEqualTo("ACCEPTED"));
        assertThat(a.ready()).isTrue();
    }

    @Test
    @Order(5)
    void terminateShutsAProcessDownGracefully() throws Exception {
        a.terminate(Duration.ofSeconds(30));

        assertThat(a.isAlive()).isFalse();
        // Quarkus logs this line only at the end of a graceful shutdown (not when killed).
        assertThat(Files.readString(a.log())).contains("stopped in");
    }

    private String publishRequest() {
        String jobId = Requests.newJobId("procs");
        KafkaTestClient.of(kiln.kafkaBootstrap())
                .sendBinaryEvent(REQUESTS, jobId, "job.requested", Requests.validInline(jobId, "meshy-image-to-3d"));
        return jobId;
    }

    /** The state the job's first transition led to, as the process's REST API shows it; null while unknown. */
    private static String firstTransition(KilnProcess process, String jobId) {
        var response = given().baseUri(process.baseUrl()).when().get("/jobs/{id}", jobId);
        assertThat(response.statusCode())
                .as("GET /jobs/%s on %s", jobId, process)
                .isEqualTo(200);
        JsonPath json = response.jsonPath();
        assertThat(json.getString("jobId")).isEqualTo(jobId);
        return json.getString("history[0].to");
    }
}
