package dev.kiln.callback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.provider.CallbackSigner;
import dev.kiln.provider.ProviderRegistry;
import dev.kiln.provider.TaskHandle;
import dev.kiln.reconcile.ProviderEmulatorResource;
import dev.kiln.reconcile.ReconcileHandler;
import dev.kiln.reconcile.UnknownSubmissions;
import dev.kiln.stack.KilnStackResource;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkItems;
import dev.kiln.work.WorkPhase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback endpoint: forged callbacks change nothing, genuine ones (also the emulator's own) nudge the job's
 * work and only nudge, and a Hitem3D job in SUBMIT_UNKNOWN is resolved by the task its callback named.
 */
@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
@QuarkusTestResource(value = ProviderEmulatorResource.class, restrictToAnnotatedClass = true)
class CallbackEndpointTest {

    private static final String PATH = "/callbacks/hitem3d";
    private static final String STATE_BODY =
            "{\"code\":200,\"data\":{\"task_id\":\"%s\",\"state\":\"processing\"}," + "\"msg\":\"success\"}";

    private final CallbackSigner signer = new CallbackSigner("hitem3d", ProviderEmulatorResource.SIGNING_KEY);

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
    ReconcileHandler reconciler;

    private UnknownSubmissions submissions;
    private EmulatorServer emulator;

    @BeforeEach
    void fresh() {
        emulator = ProviderEmulatorResource.emulator();
        emulator.reset();
        submissions = new UnknownSubmissions(ledger, items, budgets, pool, clock);
        submissions.closeOtherItems();
    }

    /** A job in SUBMIT_UNKNOWN whose item is not due for an hour, so a nudge shows. */
    private String unknownJob(String prefix) {
        String jobId = Requests.newJobId(prefix);
        submissions.unknown(jobId, "hitem3d", "generate", "hitem3d", null);
        OnVertx.await(
                () -> pool.preparedQuery("UPDATE work_item SET due_at = now() + interval '1 hour' WHERE job_id = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(jobId)));
        return jobId;
    }

    private static RequestSpecification callback(Map<String, String> query, String body) {
        RequestSpecification request = given().contentType("application/json").body(body);
        query.forEach(request::queryParam);
        return request;
    }

    private Map<String, String> proof(String jobId, String step) {
        return Map.of(
                CallbackSigner.JOB, jobId,
                CallbackSigner.STEP, step,
                CallbackSigner.SIGNATURE, signatureIn(signer.callbackUrl("http://k" + PATH, jobId, step)));
    }

    private static String signatureIn(String url) {
        return url.substring(url.indexOf("&" + CallbackSigner.SIGNATURE + "=") + 5);
    }

    private Job job(String jobId) {
        return OnVertx.await(() -> Panache.withSession(() -> Job.<Job>findById(jobId)));
    }

    private static Instant due(Row item) {
        OffsetDateTime due = item.getOffsetDateTime("due_at");
        return due.toInstant();
    }

    @Test
    void aForgedCallbackIsRefusedAndChangesNothing() {
        String jobId = unknownJob("callback-forged");
        String other = unknownJob("callback-other");
        Row before = submissions.item(jobId);
        long version = job(jobId).version;

        Map<String, String> wrongProof = Map.of(
                CallbackSigner.JOB, jobId, CallbackSigner.STEP, "generate", CallbackSigner.SIGNATURE, "0".repeat(64));
        callback(wrongProof, STATE_BODY.formatted("t-forged"))
                .post(PATH)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        Map<String, String> othersProof = Map.of(
                CallbackSigner.JOB,
                jobId,
                CallbackSigner.STEP,
                "generate",
                CallbackSigner.SIGNATURE,
                proof(other, "generate").get(CallbackSigner.SIGNATURE));
        callback(othersProof, STATE_BODY.formatted("t-forged"))
                .post(PATH)
                .then()
                .statusCode(401);
        callback(Map.of(CallbackSigner.JOB, jobId), STATE_BODY.formatted("t-forged"))
                .post(PATH)
                .then()
                .statusCode(401);
        callback(proof(jobId, "generate"), "not json").post(PATH).then().statusCode(400);

        Row after = submissions.item(jobId);
        assertThat(after.getString("reported_task_id")).isNull();
        assertThat(due(after)).isEqualTo(due(before));
        assertThat(after.getOffsetDateTime("updated_at")).isEqualTo(before.getOffsetDateTime("updated_at"));
        assertThat(job(jobId).version).isEqualTo(version);
        assertThat(submissions.item(other).getString("reported_task_id")).isNull();
    }

    @Test
    void aGenuineCallbackNudgesTheJobAndDuplicatesOnlyNudgeAgain() {
        String jobId = unknownJob("callback-valid");
        long events = submissions.events(jobId);

        for (int i = 0; i < 3; i++) {
            callback(proof(jobId, "generate"), STATE_BODY.formatted("t-genuine"))
                    .post(PATH)
                    .then()
                    .statusCode(200);
        }

        Row item = submissions.item(jobId);
        assertThat(item.getString("reported_task_id")).isEqualTo("t-genuine");
        assertThat(due(item)).isBeforeOrEqualTo(Instant.now());
        assertThat(item.getString("phase")).as("the callback moves nothing").isEqualTo("reconcile");
        assertThat(job(jobId).state).isEqualTo(JobState.SUBMIT_UNKNOWN);
        assertThat(submissions.events(jobId)).as("no transition, no event").isEqualTo(events);
    }

    @Test
    void aCallbackForAnUnknownJobOrProviderIsNotFound() {
        callback(proof("no-such-job", "generate"), STATE_BODY.formatted("t-x"))
                .post(PATH)
                .then()
                .statusCode(404);
        callback(proof("no-such-job", "generate"), STATE_BODY.formatted("t-x"))
                .post("/callbacks/meshy-image-to-3d")
                .then()
                .statusCode(404);
    }

    @Test
    void aHitem3dJobInDoubtIsResolvedByTheTaskItsOwnCallbackNamedWithoutASecondCreate() {
        String jobId = Requests.newJobId("callback-reconcile");
        TaskHandle[] created = new TaskHandle[1];
        var adapter = providers.adapter("hitem3d").orElseThrow();
        assertThat(adapter.capabilities().callbacks()).isTrue();
        submissions.unknown(jobId, "hitem3d", "generate", "hitem3d", step -> {
            created[0] = UnknownSubmissions.createdBy(adapter).apply(step);
            return created[0];
        });

        // The emulator calls Kiln back on the URL the adapter signed into the create call.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> submissions.item(jobId).getString("reported_task_id") != null);
        assertThat(submissions.item(jobId).getString("reported_task_id")).isEqualTo(created[0].taskId());
        assertThat(job(jobId).state).isEqualTo(JobState.SUBMIT_UNKNOWN);

        WorkItem item = submissions.claim(WorkPhase.RECONCILE, jobId);
        OnVertx.await(() -> reconciler.handle(item));

        assertThat(job(jobId).state).isEqualTo(JobState.SUBMITTED);
        Row tracked = submissions.item(jobId);
        assertThat(tracked.getString("phase")).isEqualTo("track");
        assertThat(tracked.getString("provider_task_id")).isEqualTo(created[0].taskId());
        assertThat(submissions.lastEventDetail(jobId, "reconciledBy")).isEqualTo("callback");
        assertThat(emulator.context().calls().count("hitem3d", null, "submit-task"))
                .as("no second create")
                .isEqualTo(1);
        assertThat(emulator.context().calls().count("hitem3d", null, "query-task"))
                .as("confirmed by one status read")
                .isEqualTo(1);
    }
}
