package dev.kiln.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.provider.MutableClock;
import dev.kiln.provider.ProviderRegistry;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkItems;
import dev.kiln.work.WorkPhase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation against the emulator and PostgreSQL, the handler driven by hand (the workers are off in
 * tests). Time moves with a {@link MutableClock} given to a handler of the test's own.
 */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
@QuarkusTestResource(value = ProviderEmulatorResource.class, restrictToAnnotatedClass = true)
class ReconcileTest {

    @Inject
    JobLedger ledger;

    @Inject
    WorkItems items;

    @Inject
    AccountBudgets budgets;

    @Inject
    Pool pool;

    @Inject
    Clock clock;

    @Inject
    ProviderRegistry providers;

    @Inject
    ProvidersConfig providersConfig;

    @Inject
    ReconcileConfig config;

    @Inject
    SubmitHistory history;

    @Inject
    ReconcileMoves moves;

    @Inject
    ReconcileHandler handler;

    private UnknownSubmissions submissions;
    private EmulatorServer emulator;

    @BeforeEach
    void fresh() {
        emulator = ProviderEmulatorResource.emulator();
        emulator.reset();
        submissions = new UnknownSubmissions(ledger, items, budgets, pool, clock);
        submissions.closeOtherItems();
    }

    private ReconcileHandler handlerAt(Clock at) {
        return new ReconcileHandler(providers, history, moves, config, providersConfig, at);
    }

    private void reconcile(ReconcileHandler with, String jobId) {
        WorkItem item = submissions.claim(WorkPhase.RECONCILE, jobId);
        OnVertx.await(() -> with.handle(item));
    }

    private JobState state(String jobId) {
        return OnVertx.await(() -> Panache.withSession(() -> Job.<Job>findById(jobId))).state;
    }

    private Job job(String jobId) {
        return OnVertx.await(() -> Panache.withSession(() -> Job.<Job>findById(jobId)));
    }

    private int creates(String operation) {
        return emulator.context().calls().count("meshy", null, operation);
    }

    @Test
    void aMeshyTaskTheCallCreatedIsFoundByTheListingWithoutASecondCreate() {
        String jobId = Requests.newJobId("reconcile-meshy");
        TaskHandle[] created = new TaskHandle[1];
        var adapter = providers.adapter("meshy-image-to-3d").orElseThrow();
        submissions.unknown(jobId, "meshy-image-to-3d", "generate", "meshy", step -> {
            created[0] = UnknownSubmissions.createdBy(adapter).apply(step);
            return created[0];
        });
        assertThat(creates("image-to-3d.create")).isEqualTo(1);

        reconcile(handler, jobId);

        assertThat(state(jobId)).isEqualTo(JobState.SUBMITTED);
        var item = submissions.item(jobId);
        assertThat(item.getString("phase")).isEqualTo("track");
        assertThat(item.getString("provider_task_id")).isEqualTo(created[0].taskId());
        assertThat(item.getString("lease_owner")).isNull();
        assertThat(submissions.lastEventDetail(jobId, "providerTaskId")).isEqualTo(created[0].taskId());
        assertThat(submissions.lastEventDetail(jobId, "reconciledBy")).isEqualTo("listing");
        assertThat(creates("image-to-3d.create")).as("no second create").isEqualTo(1);
        assertThat(emulator.context().calls().count("meshy", null, "image-to-3d.list"))
                .isEqualTo(1);
        assertThat(submissions.slotsHeld(jobId)).as("the task holds its slot").isEqualTo(1);
    }

    @Test
    void aMeshyListingWithoutTheTaskOnceSettledSendsTheJobBackToTheQueue() {
        String jobId = Requests.newJobId("reconcile-absent");
        submissions.unknown(jobId, "meshy-image-to-3d", "generate", "meshy", null);
        MutableClock later = new MutableClock();

        reconcile(handlerAt(later), jobId);
        assertThat(state(jobId)).as("too early to prove anything").isEqualTo(JobState.SUBMIT_UNKNOWN);
        var waiting = submissions.item(jobId);
        assertThat(waiting.getString("phase")).isEqualTo("reconcile");
        assertThat(waiting.getOffsetDateTime("due_at").toInstant()).isAfter(Instant.now());
        assertThat(waiting.getString("last_error")).isEqualTo("create timed out after 5 s");

        pool.preparedQuery("UPDATE work_item SET due_at = now() WHERE job_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(jobId))
                .await()
                .atMost(Duration.ofSeconds(10));
        later.advance(config.settle().plusSeconds(30));
        reconcile(handlerAt(later), jobId);

        assertThat(state(jobId)).isEqualTo(JobState.QUEUED);
        var item = submissions.item(jobId);
        assertThat(item.getString("phase")).isEqualTo("submit");
        assertThat(item.getOffsetDateTime("due_at").toInstant()).isBeforeOrEqualTo(Instant.now());
        assertThat(submissions.slotsHeld(jobId)).as("the slot is given back").isZero();
        assertThat(creates("image-to-3d.create"))
                .as("reconciliation creates nothing")
                .isZero();
    }

    @Test
    void aHunyuanJobIsNeverResubmittedAndFailsOnceDecideAfterHasPassed() {
        String jobId = Requests.newJobId("reconcile-hunyuan");
        submissions.unknown(jobId, "hunyuan3d-pro", "generate", "hunyuan3d-pro", null);
        long eventsBefore = submissions.events(jobId);

        reconcile(handler, jobId);
        assertThat(state(jobId)).isEqualTo(JobState.SUBMIT_UNKNOWN);
        assertThat(submissions.events(jobId)).as("waiting is no event").isEqualTo(eventsBefore);
        Instant due = submissions.item(jobId).getOffsetDateTime("due_at").toInstant();
        assertThat(due).isAfter(Instant.now()).isBefore(Instant.now().plus(config.decideAfter("hunyuan3d-pro")));

        pool.preparedQuery("UPDATE work_item SET due_at = now() WHERE job_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(jobId))
                .await()
                .atMost(Duration.ofSeconds(10));
        MutableClock later = new MutableClock();
        later.advance(config.decideAfter("hunyuan3d-pro").plusMinutes(1));
        reconcile(handlerAt(later), jobId);

        Job failed = job(jobId);
        assertThat(failed.state).isEqualTo(JobState.FAILED);
        assertThat(failed.outcomeCode).isEqualTo("SUBMIT_OUTCOME_UNKNOWN");
        assertThat(failed.outcomeMessage)
                .contains("attempt 1")
                .contains("A task may exist at the provider")
                .contains("not resubmitted")
                .contains("create timed out after 5 s");
        assertThat(submissions.events(jobId)).isEqualTo(eventsBefore + 1);
        assertThat(submissions.item(jobId).getString("phase")).isEqualTo("done");
        assertThat(submissions.slotsHeld(jobId)).isZero();
        assertThat(emulator.context().calls().count("hunyuan", null, "create")).isZero();
    }

    @Test
    void anOperatorAdoptsATaskTheyFoundAtTheProvider() {
        String jobId = Requests.newJobId("decide-adopt");
        submissions.unknown(jobId, "hunyuan3d-pro", "generate", "hunyuan3d-pro", null);

        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"adopt\",\"providerTaskId\":\"hy-task-42\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(200)
                .body("state", equalTo("SUBMITTED"));

        var item = submissions.item(jobId);
        assertThat(item.getString("phase")).isEqualTo("track");
        assertThat(item.getString("provider_task_id")).isEqualTo("hy-task-42");
        assertThat(item.getString("lease_owner")).isNull();
        assertThat(submissions.lastEventDetail(jobId, "reconciledBy")).isEqualTo("operator");
        assertThat(submissions.slotsHeld(jobId)).isEqualTo(1);
    }

    @Test
    void anOperatorResubmitsAJobTheyVouchHasNoTask() {
        String jobId = Requests.newJobId("decide-resubmit");
        submissions.unknown(jobId, "hunyuan3d-pro", "generate", "hunyuan3d-pro", null);

        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"resubmit\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(200)
                .body("state", equalTo("QUEUED"));

        var item = submissions.item(jobId);
        assertThat(item.getString("phase")).isEqualTo("submit");
        assertThat(item.getOffsetDateTime("due_at").toInstant()).isBeforeOrEqualTo(Instant.now());
        assertThat(submissions.slotsHeld(jobId)).isZero();
    }

    @Test
    void anOperatorFailsAJobAndCannotDecideItAgain() {
        String jobId = Requests.newJobId("decide-fail");
        submissions.unknown(jobId, "hunyuan3d-pro", "generate", "hunyuan3d-pro", null);

        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"fail\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(200)
                .body("state", equalTo("FAILED"));
        Job failed = job(jobId);
        assertThat(failed.outcomeCode).isEqualTo("SUBMIT_OUTCOME_UNKNOWN");
        assertThat(submissions.item(jobId).getString("phase")).isEqualTo("done");
        assertThat(submissions.slotsHeld(jobId)).isZero();
        long events = submissions.events(jobId);

        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"resubmit\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertThat(submissions.events(jobId)).isEqualTo(events);
    }

    @Test
    void aDecisionOnAJobThatIsNotUnknownOrDoesNotExistIsRefused() {
        String jobId = Requests.newJobId("decide-bad");
        submissions.unknown(jobId, "hunyuan3d-pro", "generate", "hunyuan3d-pro", null);

        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"guess\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"adopt\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"fail\"}")
                .post("/jobs/{id}/submission", "no-such-job")
                .then()
                .statusCode(404);
        assertThat(state(jobId)).isEqualTo(JobState.SUBMIT_UNKNOWN);
        assertThat(submissions.item(jobId).getString("lease_owner")).isNull();

        String queued = Requests.newJobId("decide-queued");
        dev.kiln.support.Jobs.move(ledger, dev.kiln.support.Jobs.accept(ledger, queued), JobState.QUEUED);
        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"fail\"}")
                .post("/jobs/{id}/submission", queued)
                .then()
                .statusCode(409);
        assertThat(state(queued)).isEqualTo(JobState.QUEUED);
    }

    @Test
    void anOperatorDecisionFencesOutAReconcilerInTheMiddleOfALook() {
        String jobId = Requests.newJobId("decide-fence");
        submissions.unknown(jobId, "hunyuan3d-pro", "generate", "hunyuan3d-pro", null);
        WorkItem looking = submissions.claim(WorkPhase.RECONCILE, jobId);

        given().contentType(ContentType.JSON)
                .body("{\"decision\":\"fail\"}")
                .post("/jobs/{id}/submission", jobId)
                .then()
                .statusCode(200);
        long events = submissions.events(jobId);

        MutableClock later = new MutableClock();
        later.advance(Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OnVertx.await(() -> handlerAt(later).handle(looking)))
                .isInstanceOf(dev.kiln.work.LeaseLostException.class);
        assertThat(submissions.events(jobId)).isEqualTo(events);
    }
}
