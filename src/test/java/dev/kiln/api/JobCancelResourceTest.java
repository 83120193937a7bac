package dev.kiln.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.kiln.api.problem.Problem;
import dev.kiln.job.Job;
import dev.kiln.job.JobCancels;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Ledgers;
import dev.kiln.job.Transition;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.Jobs;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code POST /jobs/{id}/cancel} and the steps of the job view, against the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class JobCancelResourceTest {

    @Inject
    JobLedger ledger;

    @Inject
    JobCancels cancels;

    @Inject
    Pool pool;

    @Test
    void anAcceptedJobIsCanceledAtOnceAndItsEventWritten() {
        Job job = Jobs.accept(ledger, Requests.newJobId("cancel-now"));

        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"not needed any more\"}")
                .post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELED"))
                .body("version", equalTo(2))
                .body("outcome.code", equalTo("CANCELED_BY_CALLER"))
                .body("outcome.message", equalTo("not needed any more"))
                .body("history[1].to", equalTo("CANCELED"));

        Row event = row(
                "SELECT event_type, terminal, payload->'reason'->>'code' AS code FROM outbox"
                        + " WHERE job_id = $1 AND sequence = 2",
                job.id);
        assertThat(event.getString("event_type")).isEqualTo("job.canceled");
        assertThat(event.getBoolean("terminal")).isTrue();
        assertThat(event.getString("code")).isEqualTo("CANCELED_BY_CALLER");
    }

    @Test
    void aCancelWithoutABodyUsesTheDefaultReason() {
        Job job = Jobs.accept(ledger, Requests.newJobId("cancel-nobody"));

        given().post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELED"))
                .body("outcome.message", equalTo(JobCancels.DEFAULT_REASON));
    }

    @Test
    void aJobAtAProviderIsMarkedAndItsWorkNudgedAndAskingAgainKeepsTheFirstReason() {
        Job job = atProvider(Requests.newJobId("cancel-later"));
        // The item's next look is an hour away: only the nudge can make it due now.
        OnVertx.await(() -> pool.preparedQuery(
                        "UPDATE work_item SET due_at = now() + interval '1 hour', nudged_at = NULL WHERE job_id = $1")
                .execute(Tuple.of(job.id)));

        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"first\"}")
                .post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(202)
                .body("state", equalTo("SUBMITTED"))
                .body("cancelRequestedAt", notNullValue())
                .body("steps", hasSize(1));
        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"second\"}")
                .post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(202);

        Row marked = row("SELECT cancel_requested_at, cancel_reason, version FROM job WHERE id = $1", job.id);
        assertThat(marked.getOffsetDateTime("cancel_requested_at")).isNotNull();
        assertThat(marked.getString("cancel_reason")).isEqualTo("first");
        assertThat(marked.getLong("version")).as("no transition yet").isEqualTo(job.version);
        Row item = row("SELECT due_at <= now() AS due, nudged_at FROM work_item WHERE job_id = $1", job.id);
        assertThat(item.getBoolean("due")).isTrue();
        assertThat(item.getOffsetDateTime("nudged_at")).isNotNull();
    }

    @Test
    void aCancelThatLosesARaceDecidesAgainOnTheJobAsItNowIs() {
        Job job = Jobs.accept(ledger, Requests.newJobId("cancel-race"));

        JobCancels.Outcome outcome = OnVertx.await(() -> Panache.withTransaction(() -> Job.<Job>findById(job.id)
                // The session now holds version 1; another writer moves the job on meanwhile.
                .call(() -> Ledgers.onFreshContext(() -> ledger.transition(job.id, 1, Transition.to(JobState.QUEUED))
                        .chain(queued -> ledger.transition(job.id, 2, Transition.to(JobState.SUBMITTING)))))
                .chain(() -> cancels.decide(job.id, "raced"))));

        assertThat(outcome).isInstanceOf(JobCancels.Outcome.Requested.class);
        assertThat(((JobCancels.Outcome.Requested) outcome).job().state).isEqualTo(JobState.SUBMITTING);
        assertThat(row("SELECT cancel_reason FROM job WHERE id = $1", job.id).getString("cancel_reason"))
                .isEqualTo("raced");
    }

    @Test
    void anEndedJobAnswers409NamingItsState() {
        Job job = Jobs.accept(ledger, Requests.newJobId("cancel-ended"));
        given().post("/jobs/{id}/cancel", job.id).then().statusCode(200);

        given().post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:kiln:problem:conflict"))
                .body("detail", containsString("CANCELED"));
    }

    @Test
    void anUnknownJobAnswers404() {
        given().post("/jobs/{id}/cancel", Requests.newJobId("cancel-none"))
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("No job"));
    }

    @Test
    void aReasonLongerThan500CharactersAnswers400AndChangesNothing() {
        Job job = Jobs.accept(ledger, Requests.newJobId("cancel-long"));

        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"" + "x".repeat(501) + "\"}")
                .post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("500"));
        given().get("/jobs/{id}", job.id).then().body("state", equalTo("ACCEPTED"));
        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"" + "x".repeat(500) + "\"}")
                .post("/jobs/{id}/cancel", job.id)
                .then()
                .statusCode(200);
    }

    @Test
    void theViewShowsTheJobsStepsInOrder() {
        Job job = atProvider(Requests.newJobId("view-steps"));
        OnVertx.await(() -> pool.preparedQuery("UPDATE work_item SET step = 'mesh', phase = 'track',"
                        + " provider_task_id = 'task-1', attempts = 1, lease_owner = 'replica-a',"
                        + " lease_expires_at = now() + interval '20 seconds', progress = 40, last_error = 'timeout'"
                        + " WHERE job_id = $1")
                .execute(Tuple.of(job.id)));
        OnVertx.await(() -> pool.preparedQuery("INSERT INTO work_item (job_id, step_index, step, phase, due_at,"
                        + " created_at, updated_at) VALUES ($1, 1, 'texture', 'done', now(), now(), now())")
                .execute(Tuple.of(job.id)));

        given().get("/jobs/{id}", job.id)
                .then()
                .statusCode(200)
                .body("steps", hasSize(2))
                .body("steps[0].index", equalTo(0))
                .body("steps[0].step", equalTo("mesh"))
                .body("steps[0].phase", equalTo("track"))
                .body("steps[0].providerTaskId", equalTo("task-1"))
                .body("steps[0].attempts", equalTo(1))
                .body("steps[0].leaseOwner", equalTo("replica-a"))
                .body("steps[0].leaseExpiresAt", notNullValue())
                .body("steps[0].nextDueAt", notNullValue())
                .body("steps[0].progress", equalTo(40))
                .body("steps[0].lastError", equalTo("timeout"))
                .body("steps[1].index", equalTo(1))
                .body("steps[1].step", equalTo("texture"))
                .body("steps[1].phase", equalTo("done"))
                .body("steps[1].nextDueAt", nullValue());
        given().queryParam("state", "submitted")
                .get("/jobs")
                .then()
                .statusCode(200)
                .body("items[0].steps", nullValue());
    }

    /** A job moved through the ledger to SUBMITTED, as dispatch would. */
    private Job atProvider(String jobId) {
        Job job = Jobs.accept(ledger, jobId);
        for (JobState to : new JobState[] {JobState.QUEUED, JobState.SUBMITTING, JobState.SUBMITTED}) {
            job = Jobs.move(ledger, job, to);
        }
        return job;
    }

    private Row row(String sql, String jobId) {
        return OnVertx.await(() -> pool.preparedQuery(sql).execute(Tuple.of(jobId)))
                .iterator()
                .next();
    }
}
