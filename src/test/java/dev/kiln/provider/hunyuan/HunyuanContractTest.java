package dev.kiln.provider.hunyuan;

import static dev.kiln.provider.Outcomes.created;
import static dev.kiln.provider.Outcomes.notCreated;
import static dev.kiln.provider.Outcomes.unknown;
import static dev.kiln.provider.Requests.inline;
import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.contract.JobRequest;
import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.hunyuan.HunyuanApi;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.TestImages;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Hunyuan 3D Pro adapter against the emulated aggregator over real HTTP. */
class HunyuanContractTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonObject SLOW =
            new JsonObject().put("createdMillis", 0).put("queueMillis", 300).put("processingMillis", 5000);
    private static EmulatorServer emulator;
    private static Vertx vertx;
    private final List<HunyuanAdapter> adapters = new ArrayList<>();
    private HunyuanAdapter adapter;

    @BeforeAll
    static void start() {
        emulator = EmulatorServer.start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.reset();
        adapter = adapter(Map.of());
    }

    @AfterEach
    void close() {
        adapters.forEach(HunyuanAdapter::close);
    }

    private HunyuanAdapter adapter(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "kiln.providers.hunyuan.base-url", emulator.baseUrl(),
                "kiln.providers.hunyuan.api-key", HunyuanApi.API_KEY,
                "kiln.providers.hunyuan.http.request-timeout", "2S",
                "kiln.providers.hunyuan.rate-limit.requests-per-second", "100",
                "kiln.providers.hunyuan.rate-limit.burst", "20"));
        properties.putAll(overrides);
        HunyuanAdapter created =
                new HunyuanAdapter(vertx, TestConfigs.providers(properties).hunyuan(), Clock.systemUTC());
        adapters.add(created);
        return created;
    }

    private static JobRequest job(List<JobRequest.ImageInput> images, String prompt, String options) {
        return request(ProviderNames.HUNYUAN3D_PRO, images, prompt, List.of("obj", "glb"), options);
    }

    private TaskHandle submit(JobRequest job) {
        assertThat(adapter.validate(job)).isEmpty();
        return created(adapter.submit(new StepRequest(job, "generate", null)));
    }

    private TaskSnapshot finished(TaskHandle task) {
        TaskSnapshot[] last = new TaskSnapshot[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = adapter.status(task).await().atMost(WAIT);
            return last[0].state().isTerminal();
        });
        return last[0];
    }

    private static ProviderError failureOf(Uni<?> call) {
        try {
            call.await().atMost(WAIT);
        } catch (ProviderException expected) {
            return expected.error();
        }
        throw new AssertionError("the call succeeded but should have failed");
    }

    private static JsonObject input(TaskHandle task) {
        return emulator.context()
                .tasks()
                .find(HunyuanApi.PROVIDER, task.taskId())
                .orElseThrow()
                .input();
    }

    private static void everyTask(JsonObject knobs) {
        emulator.context().scenarios().forProvider(HunyuanApi.PROVIDER, Scenario.of(knobs));
    }

    private static void nextCall(String operation, Scenario scenario) {
        emulator.context().scenarios().forOperation(HunyuanApi.PROVIDER, operation, 1, scenario);
    }

    @Test
    void aPromptBecomesAZippedObjAndAGlbTellingFormatsByFormatNotType() {
        TaskSnapshot done = finished(submit(job(List.of(), "a ceramic teapot", "{\"enable_pbr\":true}")));

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.outputs())
                .filteredOn(file -> file.role() == OutputRole.MODEL)
                .extracting(OutputFile::format, OutputFile::zipped)
                .containsExactlyInAnyOrder(Tuple.tuple("obj", true), Tuple.tuple("glb", false));
        assertThat(done.outputs()).extracting(OutputFile::role).contains(OutputRole.PREVIEW);
        assertThat(done.outputs())
                .allSatisfy(file -> assertThat(file.expiresAt()).isNotNull());
    }

    @Test
    void anInlineImageWithExtraViewsIsSent() {
        TaskHandle task = submit(job(
                List.of(
                        inline(TestImages.png(512, 512), "image/png", null),
                        url("https://images.example/back.png", "back"),
                        inline(TestImages.png(256, 256), "image/png", "left")),
                null,
                "{\"face_count\":200000}"));

        JsonObject input = input(task);
        assertThat(input.getString("image_base64")).isNotEmpty();
        assertThat(input.getJsonArray("views")).hasSize(2);
        assertThat(input.getInteger("face_count")).isEqualTo(200000);
        assertThat(finished(task).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void eachGenerateTypeIsAccepted() {
        TaskHandle lowPoly = submit(job(
                List.of(),
                "a chair",
                "{\"generate_type\":\"LowPoly\",\"face_count\":90000," + "\"polygon_type\":\"quadrilateral\"}"));
        TaskHandle geometry = submit(job(
                List.of(url("https://images.example/c.jpg")),
                null,
                "{\"generate_type\":\"Geometry\",\"enable_pbr\":true}"));
        TaskHandle sketch =
                submit(job(List.of(url("https://images.example/s.png")), "a cat", "{\"generate_type\":\"Sketch\"}"));

        assertThat(input(lowPoly).getString("polygon_type")).isEqualTo("quadrilateral");
        assertThat(input(lowPoly).getInteger("face_count")).isNotEqualTo(90000);
        assertThat(input(geometry).getString("generate_type")).isEqualTo("Geometry");
        assertThat(input(sketch).getString("prompt")).isEqualTo("a cat");
        for (TaskHandle task : List.of(lowPoly, geometry, sketch)) {
            assertThat(finished(task).state()).isEqualTo(TaskState.SUCCEEDED);
        }
    }

    @Test
    void theOtherStatusWordsAndFractionalProgressAreUnderstood() {
        everyTask(SLOW.copy().put("statusWords", "cli").put("progressScale", "fraction"));
        adapter = adapter(Map.of("kiln.providers.hunyuan.progress-scale", "fraction"));
        TaskHandle task = submit(job(List.of(), "a lamp", "{}"));

        TaskSnapshot queued = adapter.status(task).await().atMost(WAIT);
        assertThat(queued.providerStatus()).isEqualTo("pending");
        assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
        TaskSnapshot[] running = new TaskSnapshot[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            running[0] = adapter.status(task).await().atMost(WAIT);
            return running[0].progress() != null && running[0].progress() > 1;
        });

        assertThat(running[0].providerStatus()).isEqualTo("processing");
        assertThat(running[0].state()).isEqualTo(TaskState.RUNNING);
        assertThat(running[0].progress()).isBetween(2, 99);
    }

    @Test
    void progressOnThePercentScaleClimbsFromStartToDoneWithoutGoingBack() {
        assertProgressOverAWholeTask("percent");
    }

    @Test
    void progressOnTheFractionScaleClimbsFromStartToDoneWithoutGoingBack() {
        assertProgressOverAWholeTask("fraction");
    }

    /** Polls one task from submit to done: every reading at least the one before, small values not read as done. */
    private void assertProgressOverAWholeTask(String scale) {
        everyTask(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 0)
                .put("processingMillis", 3000)
                .put("progressScale", scale));
        adapter = adapter(Map.of("kiln.providers.hunyuan.progress-scale", scale));
        TaskHandle task = submit(job(List.of(), "a lamp", "{}"));
        List<Integer> seen = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            TaskSnapshot snapshot = adapter.status(task).await().atMost(WAIT);
            if (snapshot.progress() != null) {
                seen.add(snapshot.progress());
            }
            return snapshot.state().isTerminal();
        });

        assertThat(seen).as(scale).isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(100);
        assertThat(seen)
                .as("readings between start and done, on the " + scale + " scale")
                .anySatisfy(p -> assertThat(p).isBetween(1, 50))
                .anySatisfy(p -> assertThat(p).isBetween(51, 99));
    }

    @Test
    void aFailedGenerationMayBeTriedAgain() {
        everyTask(new JsonObject().put("failTask", "13001095"));

        TaskSnapshot done = finished(submit(job(List.of(), "a boat", "{}")));

        assertThat(done.state()).isEqualTo(TaskState.FAILED);
        assertThat(done.failure().kind()).isEqualTo(ErrorKind.TASK_FAILED);
        assertThat(done.failure().providerCode()).isEqualTo("13001095");
        assertThat(done.failure().retryable()).isTrue();
    }

    @Test
    void keysBalanceAndRulesAreRefusedWithoutRetry() {
        ProviderError key = notCreated(adapter(Map.of("kiln.providers.hunyuan.api-key", "wrong-key-123"))
                        .submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)))
                .error();
        assertThat(key.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(key.message()).doesNotContain("wrong-key-123");

        emulator.context()
                .accounts()
                .find(HunyuanApi.PROVIDER, HunyuanApi.ACCOUNT)
                .orElseThrow()
                .balance(BigDecimal.ZERO);
        ProviderError balance = notCreated(adapter.submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)))
                .error();
        assertThat(balance.kind()).isEqualTo(ErrorKind.OUT_OF_CREDITS);
        assertThat(balance.retryable()).isFalse();

        // A 64 px image breaks the 128 px minimum: refused before the create call, so no credit is at stake.
        int creates = emulator.context().calls().count(HunyuanApi.PROVIDER, null, "create");
        ProviderError tooSmall = notCreated(adapter.submit(new StepRequest(
                        job(List.of(inline(TestImages.png(64, 64), "image/png", null)), null, "{}"), "generate", null)))
                .error();
        assertThat(tooSmall.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(emulator.context().calls().count(HunyuanApi.PROVIDER, null, "create"))
                .isEqualTo(creates);
    }

    @Test
    void rateLimitsUpstreamErrorsAndSilenceAreClassified() {
        nextCall("create", Scenario.preset("rate-limited").orElseThrow());
        SubmitOutcome.NotCreated limited =
                notCreated(adapter.submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)));
        assertThat(limited.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        nextCall("create", Scenario.preset("server-error").orElseThrow());
        // A 500 whose body says "upstream task creation error": documented as coming before any task.
        ProviderError creation = notCreated(
                        adapter.submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)))
                .error();
        assertThat(creation.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(creation.providerCode()).isEqualTo("13001099");
        assertThat(creation.retryable()).isTrue();

        nextCall("create", Scenario.preset("hang").orElseThrow());
        ProviderError silent = unknown(adapter.submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)))
                .error();
        assertThat(silent.kind()).isEqualTo(ErrorKind.TIMED_OUT);

        nextCall("create", Scenario.preset("reset").orElseThrow());
        assertThat(unknown(adapter.submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)))
                        .error()
                        .kind())
                .isEqualTo(ErrorKind.PROVIDER_FAULT);
    }

    @Test
    void pollFaultsAreRetryableAndUnknownTasksAreNotFound() {
        TaskHandle task = submit(job(List.of(), "x", "{}"));

        nextCall("poll", Scenario.preset("malformed-json").orElseThrow());
        assertThat(failureOf(adapter.status(task)).kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        nextCall("poll", Scenario.preset("server-error").orElseThrow());
        ProviderError query = failureOf(adapter.status(task));
        assertThat(query.providerCode()).isEqualTo("13001098");
        assertThat(query.retryable()).isTrue();
        nextCall("poll", Scenario.preset("reset").orElseThrow());
        assertThat(failureOf(adapter.status(task)).kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);

        ProviderError unknown =
                failureOf(adapter.status(new TaskHandle(ProviderNames.HUNYUAN3D_PRO, "generate", "task-nope")));
        assertThat(unknown.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void withoutBaseUrlOrKeyNothingIsSent() {
        HunyuanAdapter unconfigured =
                new HunyuanAdapter(vertx, TestConfigs.providers().hunyuan(), Clock.systemUTC());
        adapters.add(unconfigured);

        ProviderError error = notCreated(
                        unconfigured.submit(new StepRequest(job(List.of(), "x", "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(emulator.context().calls().count(HunyuanApi.PROVIDER, null, null))
                .isZero();
    }
}
