package dev.kiln.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.NewJob;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.Jobs;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class JobResourceTest {

    @Inject
    JobLedger ledger;

    @Test
    void aJobShowsItsStateVersionInputsSummaryAndHistory() {
        Job job = Jobs.accept(ledger, Requests.newJobId("rest-get"));
        Jobs.move(ledger, job, JobState.QUEUED);

        given().get("/jobs/{id}", job.id)
                .then()
                .statusCode(200)
                .body("jobId", equalTo(job.id))
                .body("state", equalTo("QUEUED"))
                .body("version", equalTo(2))
                .body("provider", equalTo("hitem3d"))
                .body("inputs.images[0].source", equalTo("inline"))
                .body("inputs.images[0].mediaType", equalTo("image/png"))
                .body("inputs.images[0].bytes", equalTo(Base64.getDecoder().decode(Requests.SAMPLE_PNG).length))
                .body("inputs.images[0]", not(org.hamcrest.Matchers.hasKey("base64")))
                .body("outputFormats", equalTo(List.of("glb")))
                .body("labels.suite", equalTo("ledger"))
                .body("history", hasSize(2))
                .body("history[0].sequence", equalTo(1))
                .body("history[0].from", nullValue())
                .body("history[0].to", equalTo("ACCEPTED"))
                .body("history[1].from", equalTo("ACCEPTED"))
                .body("history[1].to", equalTo("QUEUED"));
    }

    @Test
    void anImageUrlIsShownWithoutItsCredentialsOrQuery() {
        String jobId = Requests.newJobId("rest-url");
        String request = Requests.valid(jobId)
                .replace(
                        "https://images.example.com/chair.png?sig=abc",
                        "https://user:s3cret@images.example.com:8443/chair.png?sig=abc");
        OnVertx.await(() -> ledger.create(new NewJob(
                jobId, JobState.ACCEPTED, "meshy-image-to-3d", request, "f-" + jobId, "{}", null, null, null)));

        String location = given().get("/jobs/{id}", jobId)
                .then()
                .statusCode(200)
                .extract()
                .path("inputs.images[0].location");
        assertThat(location).isEqualTo("https://images.example.com:8443/chair.png");
    }

    @Test
    void anUnknownJobIs404() {
        given().get("/jobs/{id}", "no-such-job").then().statusCode(404);
    }

    @Test
    void jobsAreListedByStateAndProviderPageByPage() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Job job = Jobs.accept(ledger, Requests.newJobId("rest-list"));
            created.add(Jobs.move(ledger, Jobs.move(ledger, job, JobState.QUEUED), JobState.SUBMITTING).id);
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("state", "submitting")
                    .queryParam("provider", "hitem3d")
                    .queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page =
                    request.get("/jobs").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(2);
            assertThat(page.getList("items.state", String.class)).containsOnly("SUBMITTING");
            listed.addAll(page.getList("items.jobId", String.class));
            cursor = page.getString("next");
        } while (cursor != null);

        assertThat(listed).containsAll(created).doesNotHaveDuplicates();
        // Newest first: the last job created comes before the first.
        assertThat(listed.indexOf(created.get(4))).isLessThan(listed.indexOf(created.get(0)));
    }

    @Test
    void badListParametersGetASpecificAnswer() {
        given().queryParam("state", "BAKING").get("/jobs").then().statusCode(400);
        given().queryParam("provider", "acme").get("/jobs").then().statusCode(400);
        given().queryParam("limit", 0).get("/jobs").then().statusCode(400);
        given().queryParam("cursor", "%%%").get("/jobs").then().statusCode(400);
    }

    @Test
    void readinessReflectsKafkaAndPostgres() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        org.hamcrest.Matchers.hasItems(containsString("Kafka"), containsString("PostgreSQL")));
    }

    @Test
    void theOpenApiDocumentDescribesTheJobEndpoints() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/jobs/{jobId}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/jobs"));
    }
}
