package dev.kiln.provider.meshy;

import static dev.kiln.provider.Outcomes.created;
import static dev.kiln.provider.Outcomes.notCreated;
import static dev.kiln.provider.Outcomes.unknown;
import static dev.kiln.provider.Requests.inline;
import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.contract.JobRequest;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.provider.CancelResult;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderCost;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.TestImages;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Meshy Image to 3D and Multi-Image to 3D against the emulator over real HTTP. */
class MeshyImageTo3dContractTest extends MeshyEmulatorTestBase {
    private MeshyImageTo3dAdapter single;
    private MeshyImageTo3dAdapter multi;

    @BeforeEach
    void adapters() {
        single = new MeshyImageTo3dAdapter(client, false);
        multi = new MeshyImageTo3dAdapter(client, true);
    }

    private static JobRequest imageJob(List<String> formats, String options) {
        return request(
                ProviderNames.MESHY_IMAGE_TO_3D,
                List.of(url("https://images.example/cat.png")),
                null,
                formats,
                options);
    }

    private TaskHandle submit(MeshyImageTo3dAdapter adapter, JobRequest job) {
        assertThat(adapter.validate(job)).isEmpty();
        return created(adapter.submit(new StepRequest(job, "generate", null)));
    }

    private static TaskSnapshot last(List<TaskSnapshot> snapshots) {
        assertThat(snapshots).isNotEmpty();
        return snapshots.get(snapshots.size() - 1);
    }

    @Test
    void followsATaskOverSseToItsFilesInTheRequestedFormats() {
        TaskHandle task =
                submit(single, imageJob(List.of("glb", "obj"), "{\"enable_pbr\":true,\"ai_model\":\"meshy-6\"}"));

        List<TaskSnapshot> seen = single.follow(task).collect().asList().await().atMost(WAIT);

        TaskSnapshot done = last(seen);
        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(100);
        // Meshy's consumed_credits: what the task cost (the emulator charges 30 for an image-to-3d task).
        assertThat(done.cost()).isEqualTo(ProviderCost.credits(java.math.BigDecimal.valueOf(30)));
        assertThat(seen).extracting(TaskSnapshot::state).doesNotContain(TaskState.FAILED);
        assertThat(done.outputs())
                .filteredOn(file -> file.role() == OutputRole.MODEL)
                .extracting(OutputFile::format)
                .containsExactlyInAnyOrder("glb", "obj");
        assertThat(done.outputs())
                .extracting(OutputFile::role)
                .contains(OutputRole.MATERIAL, OutputRole.TEXTURE, OutputRole.PREVIEW);
        assertThat(done.outputs()).extracting(OutputFile::name).contains("texture_base_color", "texture_metallic");
        assertThat(done.outputs()).allSatisfy(file -> {
            assertThat(file.url()).startsWith(emulator.baseUrl());
            assertThat(file.expiresAt()).isAfter(Instant.now());
            assertThat(file.toString()).doesNotContain("Signature=");
        });
    }

    @Test
    void pollingReportsQueueProgressAndTheFinishedTask() {
        TaskHandle task = submit(single, imageJob(List.of("stl"), "{}"));

        TaskSnapshot first = single.status(task).await().atMost(WAIT);
        assertThat(first.state()).isIn(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                        single.status(task).await().atMost(WAIT).state())
                .isEqualTo(TaskState.SUCCEEDED));
        List<OutputFile> files = single.outputs(task).await().atMost(WAIT);
        assertThat(files)
                .filteredOn(f -> f.role() == OutputRole.MODEL)
                .extracting(OutputFile::format)
                .containsExactly("stl");
    }

    @Test
    void anInlineImageTravelsAsADataUri() {
        JobRequest job = request(
                ProviderNames.MESHY_IMAGE_TO_3D,
                List.of(inline(TestImages.png(64, 64), "image/png", null)),
                null,
                List.of("glb"),
                "{}");

        TaskHandle task = submit(single, job);

        assertThat(last(single.follow(task).collect().asList().await().atMost(WAIT))
                        .state())
                .isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void multiImageTakesUpToFourImages() {
        JobRequest job = request(
                ProviderNames.MESHY_MULTI_IMAGE_TO_3D,
                List.of(
                        url("https://i.example/a.png"),
                        url("https://i.example/b.jpg"),
                        url("https://i.example/c.jpeg")),
                null,
                List.of("glb"),
                "{\"should_texture\":false}");

        TaskHandle task = submit(multi, job);

        assertThat(task.provider()).isEqualTo(ProviderNames.MESHY_MULTI_IMAGE_TO_3D);
        assertThat(last(multi.follow(task).collect().asList().await().atMost(WAIT))
                        .state())
                .isEqualTo(TaskState.SUCCEEDED);
        assertThat(calls("multi-image-to-3d.create")).isEqualTo(1);
    }

    @Test
    void aDroppedStreamIsReopened() {
        scenario("image-to-3d.stream", 1, new JsonObject().put("sse", "drop").put("sseEventsBeforeFault", 1));
        TaskHandle task = submit(single, imageJob(List.of("glb"), "{}"));

        TaskSnapshot done = last(single.follow(task).collect().asList().await().atMost(WAIT));

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(calls("image-to-3d.stream")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSilentStreamIsDroppedAfterTheIdleTimeoutAndReopened() {
        taskScenario(
                new JsonObject().put("createdMillis", 0).put("queueMillis", 20).put("processingMillis", 1500));
        scenario("image-to-3d.stream", 1, new JsonObject().put("sse", "silent").put("sseEventsBeforeFault", 1));
        TaskHandle task = submit(single, imageJob(List.of("glb"), "{}"));

        TaskSnapshot done = last(single.follow(task).collect().asList().await().atMost(WAIT));

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(calls("image-to-3d.stream")).isEqualTo(2);
    }

    @Test
    void aStreamThatKeepsFailingGivesWayToPolling() {
        taskScenario(
                new JsonObject().put("createdMillis", 0).put("queueMillis", 20).put("processingMillis", 1500));
        scenario(
                "image-to-3d.stream",
                100,
                new JsonObject().put("fault", "http_error").put("status", 502));
        TaskHandle task = submit(single, imageJob(List.of("glb"), "{}"));

        TaskSnapshot done = last(single.follow(task).collect().asList().await().atMost(WAIT));

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(calls("image-to-3d.stream")).isEqualTo(1 + client.config().sseMaxReconnects());
        assertThat(calls("image-to-3d.get")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void streamingAnUnknownTaskFailsAsNotFound() {
        ProviderError error = failureOf(single.follow(new TaskHandle(
                        ProviderNames.MESHY_IMAGE_TO_3D, "generate", "0190aaaa-0000-7000-8000-000000000000"))
                .collect()
                .asList());

        assertThat(error.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void failedTasksSayWhetherANewTaskCouldHelp() {
        Map<String, Boolean> retryableByFailure = Map.of(
                "timeout", true,
                "server_error", true,
                "service_unavailable", true,
                "invalid_input", false,
                "moderation_blocked", false,
                "image_too_complex", false);
        retryableByFailure.forEach((failure, retryable) -> {
            emulator.reset();
            taskScenario(new JsonObject().put("failTask", failure));
            TaskHandle task = submit(single, imageJob(List.of("glb"), "{}"));

            TaskSnapshot done =
                    last(single.follow(task).collect().asList().await().atMost(WAIT));

            assertThat(done.state()).as(failure).isEqualTo(TaskState.FAILED);
            assertThat(done.failure().kind()).isEqualTo(ErrorKind.TASK_FAILED);
            assertThat(done.failure().retryable()).as(failure).isEqualTo(retryable);
            assertThat(done.outputs()).isEmpty();
            // A failed task is refunded.
            assertThat(done.cost().credits()).as(failure).isZero();
        });
    }

    @Test
    void theTwoKindsOf429AreToldApart() {
        scenario(
                "image-to-3d.create",
                1,
                new JsonObject().put("fault", "http_error").put("status", 429).put("retryAfterSeconds", 1));
        SubmitOutcome.NotCreated rate =
                notCreated(single.submit(new StepRequest(imageJob(List.of(), "{}"), "generate", null)));
        assertThat(rate.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(rate.error().retryable()).isTrue();
        assertThat(rate.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        emulator.context()
                .accounts()
                .find(MeshyAccounts.PROVIDER, "default")
                .orElseThrow()
                .settings()
                .put(MeshyAccounts.QUEUE_LIMIT, 1);
        taskScenario(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 5000)
                .put("processingMillis", 5000));
        submit(single, imageJob(List.of(), "{}"));
        ProviderError queueFull = notCreated(
                        single.submit(new StepRequest(imageJob(List.of(), "{}"), "generate", null)))
                .error();
        assertThat(queueFull.kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED);
        assertThat(queueFull.providerCode()).isEqualTo("NoMoreConcurrentTasks");
    }

    @Test
    void aRetryAfterHoldsBackTheNextCall() {
        scenario(
                "image-to-3d.list",
                1,
                new JsonObject().put("fault", "http_error").put("status", 429).put("retryAfterSeconds", 1));
        assertThat(failureOf(single.listRecent("generate", 5)).kind()).isEqualTo(ErrorKind.RATE_LIMITED);

        Instant before = Instant.now();
        single.listRecent("generate", 5).await().atMost(WAIT);

        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void creditsKeysAndInputsAreRefusedWithoutRetry() {
        MeshyClient poor = new MeshyClient(
                vertx, config(Map.of("kiln.providers.meshy.api-key", MeshyAccounts.NO_CREDITS_KEY)), Clock.systemUTC());
        MeshyClient stranger = new MeshyClient(
                vertx, config(Map.of("kiln.providers.meshy.api-key", "not-a-meshy-key-42")), Clock.systemUTC());
        try {
            StepRequest step = new StepRequest(imageJob(List.of(), "{}"), "generate", null);
            ProviderError credits = notCreated(new MeshyImageTo3dAdapter(poor, false).submit(step))
                    .error();
            assertThat(credits.kind()).isEqualTo(ErrorKind.OUT_OF_CREDITS);
            assertThat(credits.retryable()).isFalse();

            ProviderError auth = notCreated(new MeshyImageTo3dAdapter(stranger, false).submit(step))
                    .error();
            assertThat(auth.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(auth.message()).doesNotContain("not-a-meshy-key-42");

            JobRequest unreachable = request(
                    ProviderNames.MESHY_IMAGE_TO_3D,
                    List.of(url("https://nowhere.invalid/a.png")),
                    null,
                    List.of(),
                    "{}");
            ProviderError input = notCreated(single.submit(new StepRequest(unreachable, "generate", null)))
                    .error();
            assertThat(input.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
            assertThat(input.retryable()).isFalse();
        } finally {
            poor.close();
            stranger.close();
        }
    }

    @Test
    void aServerErrorOnCreateLeavesTheOutcomeUnknown() {
        scenario(
                "image-to-3d.create",
                1,
                new JsonObject().put("fault", "http_error").put("status", 500));

        ProviderError error = unknown(single.submit(new StepRequest(imageJob(List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aConnectionResetAfterTheCreateWasSentLeavesTheOutcomeUnknown() {
        scenario("image-to-3d.create", 1, new JsonObject().put("fault", "reset"));

        unknown(single.submit(new StepRequest(imageJob(List.of(), "{}"), "generate", null)));

        assertThat(calls("image-to-3d.create")).isEqualTo(1);
    }

    @Test
    void theThreeKindsSpendOneAccount() {
        MeshyFigureAdapter figure = new MeshyFigureAdapter(client);

        assertThat(List.of(single.account(), multi.account(), figure.account())).containsOnly("meshy");
        assertThat(single.provider()).isNotEqualTo(multi.provider());
    }

    @Test
    void aProviderThatNeverAnswersTimesOut() {
        scenario("image-to-3d.create", 1, new JsonObject().put("fault", "hang"));

        Instant before = Instant.now();
        ProviderError error = unknown(single.submit(new StepRequest(imageJob(List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.TIMED_OUT);
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMalformedAnswerIsAProviderFault() {
        TaskHandle task = submit(single, imageJob(List.of(), "{}"));
        scenario("image-to-3d.get", 1, new JsonObject().put("fault", "malformed_json"));

        ProviderError error = failureOf(single.status(task));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aCancelIsNotADeleteTheTaskRunsOnAndTheResultSaysItCouldNotBeStopped() {
        taskScenario(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 5000)
                .put("processingMillis", 5000));
        TaskHandle task = submit(single, imageJob(List.of(), "{}"));

        assertThat(single.capabilities().cancel()).isFalse();
        CancelResult result = single.cancel(task).await().atMost(WAIT);

        assertThat(result.stopped()).isFalse();
        assertThat(result.note()).contains("could not be").contains("stopped");
        assertThat(single.status(task).await().atMost(WAIT).state()).isNotEqualTo(TaskState.CANCELED);
    }

    @Test
    void deletingATaskRemovesItForGood() {
        TaskHandle task = submit(single, imageJob(List.of(), "{}"));

        single.deleteTask(task).await().atMost(WAIT);

        assertThat(failureOf(single.status(task)).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void recentTasksAreListedForReconciliation() {
        TaskHandle first = submit(single, imageJob(List.of(), "{}"));
        TaskHandle second = submit(single, imageJob(List.of(), "{}"));

        List<TaskSnapshot> recent = single.listRecent("generate", 10).await().atMost(WAIT);

        assertThat(recent).extracting(snapshot -> snapshot.task().taskId()).startsWith(second.taskId(), first.taskId());
        assertThat(single.capabilities().listing()).isTrue();
    }

    @Test
    void aTrickledAnswerStillEndsAtTheDeadline() {
        TaskHandle task = submit(single, imageJob(List.of(), "{}"));
        scenario("image-to-3d.get", 1, new JsonObject().put("fault", "trickle").put("trickleBytesPerSecond", 16));

        Instant before = Instant.now();
        ProviderError error = failureOf(single.status(task));

        assertThat(error.kind()).isEqualTo(ErrorKind.TIMED_OUT);
        assertThat(error.retryable()).isTrue();
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRequestThatBreaksTheRulesSpendsNothing() {
        ProviderError error = notCreated(single.submit(
                        new StepRequest(imageJob(List.of(), "{\"target_polycount\":5}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(calls("image-to-3d.create")).isZero();
    }

    @Test
    void theStreamReportsQueueAndProgressBeforeTheEnd() {
        taskScenario(
                new JsonObject().put("createdMillis", 0).put("queueMillis", 300).put("processingMillis", 800));

        List<TaskSnapshot> seen = single.follow(submit(single, imageJob(List.of(), "{}")))
                .collect()
                .asList()
                .await()
                .atMost(WAIT);

        assertThat(seen.stream().map(TaskSnapshot::state).distinct().toList())
                .containsExactly(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED);
        assertThat(seen)
                .filteredOn(s -> s.state() == TaskState.RUNNING)
                .extracting(TaskSnapshot::progress)
                .allSatisfy(progress -> assertThat(progress).isBetween(0, 99));
    }

    @Test
    void aQueuedTaskSaysHowManyWaitBeforeIt() {
        emulator.context()
                .accounts()
                .find(MeshyAccounts.PROVIDER, "default")
                .orElseThrow()
                .concurrency(1);
        taskScenario(
                new JsonObject().put("createdMillis", 0).put("queueMillis", 0).put("processingMillis", 5000));
        submit(single, imageJob(List.of(), "{}"));
        submit(single, imageJob(List.of(), "{}"));
        TaskHandle third = submit(single, imageJob(List.of(), "{}"));

        TaskSnapshot waiting = single.status(third).await().atMost(WAIT);

        assertThat(waiting.state()).isEqualTo(TaskState.QUEUED);
        assertThat(waiting.providerStatus()).isEqualTo("PENDING");
        assertThat(waiting.queuePosition()).isEqualTo(1);
    }
}
