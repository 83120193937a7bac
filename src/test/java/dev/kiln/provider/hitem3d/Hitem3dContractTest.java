package dev.kiln.provider.hitem3d;

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
import dev.kiln.emulator.hitem3d.Hitem3dApi;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.net.OutboundAllowlist;
import dev.kiln.net.OutboundPolicy;
import dev.kiln.provider.CallbackOutcome;
import dev.kiln.provider.CallbackRequest;
import dev.kiln.provider.CallbackSigner;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.MutableClock;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.SideServer;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Hitem3D adapter against the emulator over real HTTP. */
class Hitem3dContractTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SIGNING_KEY = "test-callback-signing-key";
    private static EmulatorServer emulator;
    private static SideServer side;
    private static Vertx vertx;
    private final List<Hitem3dAdapter> adapters = new java.util.ArrayList<>();
    private Hitem3dAdapter adapter;
    private String imageUrl;

    @BeforeAll
    static void start() throws Exception {
        emulator = EmulatorServer.start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()));
        side = new SideServer();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.closeAndAwait();
        side.close();
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.reset();
        side.clear();
        imageUrl = side.image("cat.png", TestImages.pngHeader(512, 512));
        adapter = adapter(Map.of(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        adapters.forEach(Hitem3dAdapter::close);
    }

    private Hitem3dAdapter adapter(Map<String, String> overrides, Clock clock) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "kiln.providers.hitem3d.base-url",
                emulator.baseUrl(),
                "kiln.providers.hitem3d.client-id",
                Hitem3dApi.CLIENT_ID,
                "kiln.providers.hitem3d.client-secret",
                Hitem3dApi.CLIENT_SECRET,
                "kiln.providers.hitem3d.http.request-timeout",
                "2S",
                "kiln.providers.hitem3d.rate-limit.requests-per-second",
                "100",
                "kiln.providers.hitem3d.rate-limit.burst",
                "20"));
        properties.putAll(overrides);
        // The side server serving the input images listens on loopback: allowlisted, as the guard requires.
        OutboundPolicy outbound =
                new OutboundPolicy(OutboundAllowlist.of(List.of(side.baseUrl().substring("http://".length()))));
        Hitem3dAdapter created =
                new Hitem3dAdapter(vertx, TestConfigs.providers(properties).hitem3d(), outbound, clock);
        adapters.add(created);
        return created;
    }

    private JobRequest job(List<String> formats, String options) {
        return request(ProviderNames.HITEM3D, List.of(url(imageUrl)), null, formats, options);
    }

    private TaskHandle submit(Hitem3dAdapter on, JobRequest job, String step, TaskHandle previous) {
        assertThat(on.validate(job)).isEmpty();
        return created(on.submit(new StepRequest(job, step, previous)));
    }

    private TaskSnapshot finished(Hitem3dAdapter on, TaskHandle task) {
        TaskSnapshot[] last = new TaskSnapshot[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = on.status(task).await().atMost(WAIT);
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

    private static int calls(String operation) {
        return emulator.context().calls().count(Hitem3dApi.PROVIDER, null, operation);
    }

    @Test
    void aSingleImageBecomesAModelAndACover() {
        TaskHandle task =
                submit(adapter, job(List.of("glb"), "{\"resolution\":\"1536pro\",\"face\":1500000}"), "generate", null);

        TaskSnapshot done = finished(adapter, task);

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.outputs())
                .extracting(OutputFile::role, OutputFile::format)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OutputRole.MODEL, "glb"),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.PREVIEW, "webp"));
        assertThat(done.outputs().get(0).expiresAt())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(59)),
                        Instant.now().plus(Duration.ofMinutes(61)));
        JsonObject input = emulator.context()
                .tasks()
                .find(Hitem3dApi.PROVIDER, task.taskId())
                .orElseThrow()
                .input();
        assertThat(input.getInteger("format")).isEqualTo(2);
        assertThat(input.getString("resolution")).isEqualTo("1536pro");
        assertThat(input.getInteger("face")).isEqualTo(1500000);
        assertThat(input.getInteger("request_type")).isEqualTo(3);
        assertThat(calls("auth-token")).isEqualTo(1);
    }

    @Test
    void multiViewImagesStreamFromUrlsAndInlineData() {
        JobRequest job = request(
                ProviderNames.HITEM3D,
                List.of(
                        url(side.image("left.png", TestImages.pngHeader(256, 256)), "left"),
                        url(imageUrl, "front"),
                        inline(TestImages.png(256, 256), "image/png", "back")),
                null,
                List.of("stl"),
                "{\"model\":\"hitem3dv1\",\"resolution\":512}");

        TaskHandle task = submit(adapter, job, "generate", null);

        JsonObject input = emulator.context()
                .tasks()
                .find(Hitem3dApi.PROVIDER, task.taskId())
                .orElseThrow()
                .input();
        assertThat(input.getBoolean("multi_view")).isTrue();
        assertThat(input.getInteger("images")).isEqualTo(3);
        assertThat(finished(adapter, task).outputs().get(0).format()).isEqualTo("stl");
    }

    @Test
    void aStagedJobTexturesTheMeshItMadeFirst() {
        JobRequest job = job(List.of("fbx"), "{\"staged\":true}");
        assertThat(adapter.steps(job)).containsExactly("mesh", "texture");

        TaskHandle mesh = submit(adapter, job, "mesh", null);
        assertThat(finished(adapter, mesh).state()).isEqualTo(TaskState.SUCCEEDED);
        TaskHandle texture = submit(adapter, job, "texture", mesh);
        TaskSnapshot done = finished(adapter, texture);

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.outputs().get(0).format()).isEqualTo("fbx");
        JsonObject input = emulator.context()
                .tasks()
                .find(Hitem3dApi.PROVIDER, texture.taskId())
                .orElseThrow()
                .input();
        assertThat(input.getInteger("request_type")).isEqualTo(2);
        assertThat(input.getString("mesh_url")).startsWith(emulator.baseUrl());
    }

    @Test
    void aTexturedObjArrivesAsAZip() {
        TaskSnapshot done = finished(adapter, submit(adapter, job(List.of("obj"), "{}"), "generate", null));

        OutputFile model = done.outputs().get(0);
        assertThat(model.format()).isEqualTo("obj");
        assertThat(model.zipped()).isTrue();
    }

    @Test
    void theTokenIsReusedThenRefreshedBeforeItsEnd() {
        MutableClock clock = new MutableClock();
        Hitem3dAdapter timed = adapter(Map.of(), clock);
        TaskHandle task = submit(timed, job(List.of(), "{}"), "generate", null);
        timed.status(task).await().atMost(WAIT);
        assertThat(calls("auth-token")).isEqualTo(1);

        clock.advance(Duration.ofHours(23).plusMinutes(30));
        timed.status(task).await().atMost(WAIT);

        assertThat(calls("auth-token")).isEqualTo(2);
        assertThat(calls("query-task")).isEqualTo(2);
    }

    @Test
    void aRefusedTokenIsRefreshedAndTheCallMadeOnceMore() {
        TaskHandle task = submit(adapter, job(List.of(), "{}"), "generate", null);
        emulator.context().clock().advance(Duration.ofHours(25));

        TaskSnapshot snapshot = adapter.status(task).await().atMost(WAIT);

        assertThat(snapshot.task()).isEqualTo(task);
        assertThat(calls("auth-token")).isEqualTo(2);
        assertThat(calls("query-task")).isEqualTo(2);
    }

    @Test
    void badCredentialsFailWithoutRevealingThem() {
        Hitem3dAdapter wrong =
                adapter(Map.of("kiln.providers.hitem3d.client-secret", "wrong-secret-123"), Clock.systemUTC());

        ProviderError error = notCreated(wrong.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.retryable()).isFalse();
        assertThat(error.providerCode()).isEqualTo("40010000");
        assertThat(error.message()).doesNotContain("wrong-secret-123");
        assertThat(calls("submit-task")).isZero();
    }

    @Test
    void aStaticTokenIsUsedAsGivenAndNeverExchanged() {
        Hitem3dAdapter fixed =
                adapter(Map.of("kiln.providers.hitem3d.access-token", "static-token-not-issued"), Clock.systemUTC());

        // Sent and refused: a verdict, so nothing was created.
        ProviderError error = notCreated(fixed.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.message()).doesNotContain("static-token-not-issued");
        assertThat(calls("auth-token")).isZero();
        assertThat(calls("submit-task")).isEqualTo(1);
    }

    @Test
    void inputCodesFromTheProviderAreInvalidInput() {
        Hitem3dAdapter lax = adapter(
                Map.of(
                        "kiln.providers.hitem3d.face-min", "1",
                        "kiln.providers.hitem3d.models.hitem3dv9.resolutions", "1024"),
                Clock.systemUTC());

        ProviderError face = notCreated(lax.submit(new StepRequest(job(List.of(), "{\"face\":50}"), "generate", null)))
                .error();
        ProviderError model = notCreated(
                        lax.submit(new StepRequest(job(List.of(), "{\"model\":\"hitem3dv9\"}"), "generate", null)))
                .error();

        assertThat(face.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(face.providerCode()).isEqualTo("10031002");
        assertThat(model.providerCode()).isEqualTo("10031006");
        assertThat(model.retryable()).isFalse();
    }

    @Test
    void anEmptyBalanceIsOutOfCredits() {
        emulator.context()
                .accounts()
                .find(Hitem3dApi.PROVIDER, Hitem3dApi.CLIENT_ID)
                .orElseThrow()
                .balance(BigDecimal.ZERO);

        ProviderError error = notCreated(adapter.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.OUT_OF_CREDITS);
        assertThat(error.providerCode()).isEqualTo("30010000");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void rateLimitsServerErrorsAndSilenceAreClassified() {
        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "submit-task",
                        1,
                        Scenario.preset("rate-limited").orElseThrow());
        SubmitOutcome.NotCreated limited =
                notCreated(adapter.submit(new StepRequest(job(List.of(), "{}"), "generate", null)));
        assertThat(limited.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "submit-task",
                        1,
                        Scenario.preset("server-error").orElseThrow());
        ProviderError system = notCreated(adapter.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();
        assertThat(system.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(system.providerCode()).isEqualTo("10000000");
        assertThat(system.retryable()).isTrue();

        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "submit-task",
                        1,
                        Scenario.preset("hang").orElseThrow());
        ProviderError silent = unknown(adapter.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();
        assertThat(silent.kind()).isEqualTo(ErrorKind.TIMED_OUT);

        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "submit-task",
                        1,
                        Scenario.preset("reset").orElseThrow());
        ProviderError reset = unknown(adapter.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();
        assertThat(reset.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(reset.retryable()).isTrue();
    }

    @Test
    void aMalformedAnswerIsAProviderFault() {
        TaskHandle task = submit(adapter, job(List.of(), "{}"), "generate", null);
        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "query-task",
                        1,
                        Scenario.preset("malformed-json").orElseThrow());

        ProviderError error = failureOf(adapter.status(task));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void bothSpellingsOfGenerateFailedEndTheTaskWithARetryableFailure() {
        for (String code : List.of("50010001", "5001001")) {
            emulator.reset();
            emulator.context()
                    .scenarios()
                    .forProvider(Hitem3dApi.PROVIDER, Scenario.of(new JsonObject().put("failTask", code)));
            TaskSnapshot done = finished(adapter, submit(adapter, job(List.of(), "{}"), "generate", null));

            assertThat(done.state()).as(code).isEqualTo(TaskState.FAILED);
            assertThat(done.failure().kind()).isEqualTo(ErrorKind.TASK_FAILED);
            assertThat(done.failure().providerCode()).isEqualTo(code);
            assertThat(done.failure().retryable()).isTrue();
        }
    }

    @Test
    void callbacksCarryAProofAndForgedOnesAreRefused() {
        Hitem3dAdapter calling = adapter(
                Map.of(
                        "kiln.providers.hitem3d.callback-base-url",
                        side.callbackUrl(),
                        "kiln.providers.hitem3d.callback-signing-key",
                        SIGNING_KEY),
                Clock.systemUTC());
        JobRequest job = job(List.of(), "{}");
        TaskHandle task = submit(calling, job, "generate", null);

        // Hitem3D may call back on every state change: the last one is the final state.
        SideServer.Received received = finalCallback(calling);
        assertThat(received.query().toString()).doesNotContain(SIGNING_KEY);

        CallbackOutcome genuine = calling.parseCallback(new CallbackRequest(received.query(), received.body()));
        assertThat(genuine).isInstanceOfSatisfying(CallbackOutcome.Accepted.class, accepted -> {
            assertThat(accepted.jobId()).isEqualTo(job.jobId());
            assertThat(accepted.hint().task()).isEqualTo(task);
            assertThat(accepted.hint().state()).isEqualTo(TaskState.SUCCEEDED);
        });

        Map<String, String> forged = new HashMap<>(received.query());
        forged.put(CallbackSigner.JOB, "someone-elses-job");
        assertThat(calling.parseCallback(new CallbackRequest(forged, received.body())))
                .isInstanceOf(CallbackOutcome.Refused.class);
        assertThat(adapter.parseCallback(new CallbackRequest(received.query(), received.body())))
                .as("an adapter without a signing key accepts no callback")
                .isInstanceOf(CallbackOutcome.Refused.class);
    }

    private Hitem3dAdapter callingAdapter() {
        return adapter(
                Map.of(
                        "kiln.providers.hitem3d.callback-base-url",
                        side.callbackUrl(),
                        "kiln.providers.hitem3d.callback-signing-key",
                        SIGNING_KEY),
                Clock.systemUTC());
    }

    /** Waits for the callback that reports a final state; every earlier one must be an accepted hint too. */
    private static SideServer.Received finalCallback(Hitem3dAdapter calling) {
        SideServer.Received[] last = new SideServer.Received[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (SideServer.Received received : side.callbacks()) {
                CallbackOutcome outcome = calling.parseCallback(new CallbackRequest(received.query(), received.body()));
                assertThat(outcome).isInstanceOf(CallbackOutcome.Accepted.class);
                if (((CallbackOutcome.Accepted) outcome).hint().state().isTerminal()) {
                    last[0] = received;
                    return true;
                }
            }
            return false;
        });
        return last[0];
    }

    @Test
    void aFailureCallbackIsAcceptedAsAFailedHintWithOrWithoutATaskId() {
        for (boolean includesTaskId : List.of(true, false)) {
            emulator.reset();
            side.clear();
            imageUrl = side.image("cat.png", TestImages.pngHeader(512, 512));
            Hitem3dAdapter calling = callingAdapter();
            emulator.context()
                    .scenarios()
                    .forProvider(
                            Hitem3dApi.PROVIDER,
                            Scenario.of(new JsonObject()
                                    .put("failTask", "50010001")
                                    .put("callbackIncludesTaskId", includesTaskId)));
            JobRequest job = job(List.of(), "{}");
            TaskHandle task = submit(calling, job, "generate", null);

            SideServer.Received received = finalCallback(calling);

            CallbackOutcome outcome = calling.parseCallback(new CallbackRequest(received.query(), received.body()));
            assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Accepted.class, accepted -> {
                assertThat(accepted.jobId()).isEqualTo(job.jobId());
                assertThat(accepted.hint().task().step()).isEqualTo(task.step());
                if (includesTaskId) {
                    assertThat(accepted.hint().task()).isEqualTo(task);
                } else {
                    // Until the emulator follows the vendor's bare failure body, the id may still be there.
                    assertThat(accepted.hint().task().taskId()).isIn(null, task.taskId());
                }
                assertThat(accepted.hint().state()).isEqualTo(TaskState.FAILED);
                assertThat(accepted.hint().failure().retryable()).isTrue();
            });
        }
    }

    @Test
    void callbacksNamingTheStateAsStatusAreReadTheSame() {
        for (String field : List.of("state", "status", "both")) {
            emulator.reset();
            side.clear();
            imageUrl = side.image("cat.png", TestImages.pngHeader(512, 512));
            Hitem3dAdapter calling = callingAdapter();
            emulator.context()
                    .scenarios()
                    .forProvider(Hitem3dApi.PROVIDER, Scenario.of(new JsonObject().put("callbackStateField", field)));
            TaskHandle task = submit(calling, job(List.of(), "{}"), "generate", null);

            SideServer.Received received = finalCallback(calling);

            CallbackOutcome outcome = calling.parseCallback(new CallbackRequest(received.query(), received.body()));
            assertThat(outcome).as(field).isInstanceOfSatisfying(CallbackOutcome.Accepted.class, accepted -> {
                assertThat(accepted.hint().task()).isEqualTo(task);
                assertThat(accepted.hint().state()).isEqualTo(TaskState.SUCCEEDED);
            });
        }
    }

    @Test
    void anUnreadableInputImageFailsBeforeAnyTaskExists() {
        JobRequest missing = request(
                ProviderNames.HITEM3D, List.of(url(side.baseUrl() + "/images/gone.png")), null, List.of(), "{}");

        ProviderError error = notCreated(adapter.submit(new StepRequest(missing, "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(error.message()).contains("404");
        assertThat(emulator.context().tasks().list(Hitem3dApi.PROVIDER, null)).isEmpty();
    }

    @Test
    void anImageUrlInsideTheNetworkIsRefusedBeforeAnyTaskExists() {
        Hitem3dAdapter strict = new Hitem3dAdapter(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.hitem3d.base-url", emulator.baseUrl(),
                                "kiln.providers.hitem3d.client-id", Hitem3dApi.CLIENT_ID,
                                "kiln.providers.hitem3d.client-secret", Hitem3dApi.CLIENT_SECRET))
                        .hitem3d(),
                Clock.systemUTC());
        adapters.add(strict);

        ProviderError error = notCreated(strict.submit(new StepRequest(job(List.of("glb"), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("input.images[0]").contains("loopback");
        assertThat(emulator.context().tasks().list(Hitem3dApi.PROVIDER, null)).isEmpty();
    }

    @Test
    void anImageOverTheSizeLimitIsCutOffWhileStreaming() {
        Hitem3dAdapter small = adapter(Map.of("kiln.providers.hitem3d.max-image-bytes", "1000"), Clock.systemUTC());
        String big = side.image("big.png", new byte[5000]);

        ProviderError error = notCreated(small.submit(new StepRequest(
                        request(ProviderNames.HITEM3D, List.of(url(big)), null, List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(emulator.context().tasks().list(Hitem3dApi.PROVIDER, null)).isEmpty();
    }

    @Test
    void everyQueryHandsOutFreshUrls() {
        emulator.context()
                .scenarios()
                .forProvider(Hitem3dApi.PROVIDER, Scenario.of(new JsonObject().put("urlTtlSeconds", 30)));
        TaskHandle task = submit(adapter, job(List.of("glb"), "{}"), "generate", null);
        OutputFile first = finished(adapter, task).outputs().get(0);
        assertThat(first.expiresAt()).isBefore(Instant.now().plusSeconds(31));

        emulator.context().clock().advance(Duration.ofMinutes(5));
        OutputFile fresh = adapter.outputs(task).await().atMost(WAIT).get(0);

        assertThat(fresh.url()).isNotEqualTo(first.url());
        assertThat(fresh.expiresAt()).isAfter(first.expiresAt());
    }

    @Test
    void everyStateIsSeenOnTheWayAndAWhiteObjIsAPlainFile() {
        emulator.context()
                .scenarios()
                .forProvider(
                        Hitem3dApi.PROVIDER,
                        Scenario.of(new JsonObject()
                                .put("createdMillis", 300)
                                .put("queueMillis", 300)
                                .put("processingMillis", 600)));
        TaskHandle task = submit(adapter, job(List.of("obj"), "{\"request_type\":1}"), "generate", null);
        List<String> words = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<TaskState> states = new java.util.concurrent.CopyOnWriteArrayList<>();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(40)).until(() -> {
            TaskSnapshot snapshot = adapter.status(task).await().atMost(WAIT);
            words.add(snapshot.providerStatus());
            states.add(snapshot.state());
            return snapshot.state().isTerminal();
        });

        assertThat(words.stream().distinct().toList())
                .containsSubsequence("created", "queueing", "processing", "success");
        assertThat(states.stream().distinct().toList())
                .containsExactly(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED);
        OutputFile model = adapter.outputs(task).await().atMost(WAIT).get(0);
        assertThat(model.format()).isEqualTo("obj");
        assertThat(model.zipped()).isFalse();
        assertThat(emulator.context()
                        .tasks()
                        .find(Hitem3dApi.PROVIDER, task.taskId())
                        .orElseThrow()
                        .input()
                        .getInteger("request_type"))
                .isEqualTo(1);
    }

    @Test
    void aTokenEndpointThatNeverAnswersCreatesNoDoubt() {
        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "auth-token",
                        1,
                        Scenario.preset("hang").orElseThrow());

        // No create call went out, so nothing can have been created.
        ProviderError error = notCreated(adapter.submit(new StepRequest(job(List.of(), "{}"), "generate", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.TIMED_OUT);
        assertThat(calls("submit-task")).isZero();
    }

    @Test
    void theBalanceShowsWhatATaskCost() {
        BigDecimal before = adapter.balance().await().atMost(WAIT);
        submit(adapter, job(List.of(), "{}"), "generate", null);

        assertThat(before).isEqualByComparingTo(Hitem3dApi.DEFAULT_BALANCE);
        assertThat(adapter.balance().await().atMost(WAIT))
                .isEqualByComparingTo(before.subtract(Hitem3dApi.DEFAULT_TASK_COST));
    }

    @Test
    void anEndedTaskCarriesTheBalanceLeftAndARunningOneNoCost() {
        TaskHandle task = submit(adapter, job(List.of(), "{}"), "generate", null);
        TaskSnapshot first = adapter.status(task).await().atMost(WAIT);
        TaskSnapshot done = finished(adapter, task);

        if (!first.state().isTerminal()) {
            assertThat(first.cost()).as("no cost while the task runs").isNull();
        }
        assertThat(done.cost().accountBalance())
                .isEqualByComparingTo(Hitem3dApi.DEFAULT_BALANCE.subtract(Hitem3dApi.DEFAULT_TASK_COST));
        assertThat(done.cost().credits())
                .as("Hitem3D names no per-task credits")
                .isNull();
    }

    @Test
    void aFailedTaskCarriesTheRefundedBalance() {
        emulator.context()
                .scenarios()
                .forProvider(Hitem3dApi.PROVIDER, Scenario.of(new JsonObject().put("failTask", "50010001")));

        TaskSnapshot done = finished(adapter, submit(adapter, job(List.of(), "{}"), "generate", null));

        assertThat(done.state()).isEqualTo(TaskState.FAILED);
        assertThat(done.cost().accountBalance()).isEqualByComparingTo(Hitem3dApi.DEFAULT_BALANCE);
    }

    @Test
    void aBalanceThatCannotBeReadLeavesTheEndedTaskWithoutCost() {
        TaskHandle task = submit(adapter, job(List.of(), "{}"), "generate", null);
        emulator.context()
                .scenarios()
                .forOperation(
                        Hitem3dApi.PROVIDER,
                        "balance",
                        1000,
                        Scenario.preset("server-error").orElseThrow());

        TaskSnapshot done = finished(adapter, task);

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.outputs()).isNotEmpty();
        assertThat(done.cost()).isNull();
        assertThat(calls("balance")).isPositive();
    }

    @Test
    void anUnknownTaskIsNotFound() {
        ProviderError error =
                failureOf(adapter.status(new TaskHandle(ProviderNames.HITEM3D, "generate", "no-such-task")));

        assertThat(error.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void codesAsStringsAndFailuresAsAStateAreReadTheSame() {
        emulator.context()
                .scenarios()
                .forProvider(
                        Hitem3dApi.PROVIDER,
                        Scenario.of(new JsonObject()
                                .put("codeAsString", true)
                                .put("failedAs", "state")
                                .put("failTask", "50010001")));

        TaskSnapshot done = finished(adapter, submit(adapter, job(List.of(), "{}"), "generate", null));

        assertThat(done.state()).isEqualTo(TaskState.FAILED);
        assertThat(done.providerStatus()).isEqualTo("failed");
        assertThat(done.failure().kind()).isEqualTo(ErrorKind.TASK_FAILED);
        assertThat(done.failure().retryable()).isTrue();
    }
}
