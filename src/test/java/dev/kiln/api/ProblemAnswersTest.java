package dev.kiln.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.stack.KilnStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Every client error of the API carries an RFC 9457 problem document that says what was wrong. */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class ProblemAnswersTest {

    @Test
    void anUnknownStateSaysWhichStatesExist() {
        Response answer = given().queryParam("state", "BAKING").get("/jobs");
        assertProblem(answer, 400, "BAKING");
        assertThat(detail(answer)).contains("ACCEPTED");
    }

    @Test
    void anUnknownProviderSaysWhichProvidersExist() {
        Response answer = given().queryParam("provider", "acme").get("/jobs");
        assertProblem(answer, 400, "acme");
        assertThat(detail(answer)).contains("hitem3d");
    }

    @Test
    void aLimitThatIsNotAWholeNumberInRangeIs400() {
        for (String limit : new String[] {"abc", "0", "-3", "1.5", "99999999999"}) {
            Response answer = given().queryParam("limit", limit).get("/jobs");
            assertProblem(answer, 400, "limit must be a whole number");
        }
    }

    @Test
    void aCursorThisApiDidNotReturnIs400() {
        String notOurs = Base64.getUrlEncoder().encodeToString("2026|x y".getBytes(StandardCharsets.UTF_8));
        String nul = Base64.getUrlEncoder().encodeToString("1|job\u0000id".getBytes(StandardCharsets.UTF_8));
        for (String cursor : new String[] {"%%%", "bm90IGEgY3Vyc29y", notOurs, nul, "\u0000"}) {
            Response answer = given().queryParam("cursor", cursor).get("/jobs");
            assertProblem(answer, 400, "cursor");
        }
    }

    @Test
    void aNulOrAnotherForbiddenCharacterInAJobIdIs400() {
        for (String id : new String[] {"job%00id", "%00", "job%0Aid", "-starts-with-a-dash", "x".repeat(129)}) {
            Response answer = given().urlEncodingEnabled(false).get("/jobs/" + id);
            assertProblem(answer, 400, "job id");
        }
    }

    @Test
    void anUnknownJobIs404WithItsId() {
        assertProblem(given().get("/jobs/{id}", "no-such-job"), 404, "no-such-job");
    }

    @Test
    void aPathNoResourceAnswersIs404() {
        assertProblem(given().get("/no/such/path"), 404, "/no/such/path");
    }

    @Test
    void aMethodThePathDoesNotAnswerIs405() {
        assertProblem(given().delete("/jobs"), 405, "method");
    }

    @Test
    void clientErrorsAreNotLoggedAsErrors() {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().urlEncodingEnabled(false).get("/jobs/job%00id").then().statusCode(400);
            given().queryParam("cursor", "\u0000").get("/jobs").then().statusCode(400);
            given().queryParam("limit", "abc").get("/jobs").then().statusCode(400);
            given().get("/jobs/{id}", "no-such-job").then().statusCode(404);
            given().delete("/jobs").then().statusCode(405);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(errors).extracting(LogRecord::getMessage).isEmpty();
    }

    private static void assertProblem(Response answer, int status, String detailPart) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(answer.jsonPath().getString("type")).startsWith("urn:kiln:problem:");
        assertThat(answer.jsonPath().getString("title")).isNotBlank();
        assertThat(detail(answer)).contains(detailPart);
    }

    private static String detail(Response answer) {
        return answer.jsonPath().getString("detail");
    }
}
