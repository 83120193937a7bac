package dev.kiln.provider.hunyuan;

import static dev.kiln.provider.Outcomes.notCreated;
import static dev.kiln.provider.Outcomes.unknown;
import static dev.kiln.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.Outcomes;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.StubServer;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.TestConfigs;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answers the emulator does not give: 5xx bodies, {code,msg,data} envelopes, no server at all. */
class HunyuanAnswersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CREATE = "/model/v1/generation";
    private static StubServer stub;
    private static Vertx vertx;
    private HunyuanAdapter adapter;

    @BeforeAll
    static void start() throws Exception {
        stub = new StubServer();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.closeAndAwait();
        stub.close();
    }

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private HunyuanAdapter adapter(String baseUrl) {
        close();
        adapter = new HunyuanAdapter(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.hunyuan.base-url", baseUrl,
                                "kiln.providers.hunyuan.api-key", "stub-key",
                                "kiln.providers.hunyuan.http.request-timeout", "2S"))
                        .hunyuan(),
                Clock.systemUTC());
        return adapter;
    }

    private SubmitOutcome create(String baseUrl) {
        var job = request(ProviderNames.HUNYUAN3D_PRO, List.of(), "a teapot", List.of("glb"), "{}");
        return Outcomes.await(adapter(baseUrl).submit(new StepRequest(job, "generate", null)));
    }

    @Test
    void aServerErrorWithAnUndocumentedCodeLeavesTheCreateInDoubt() {
        stub.json(CREATE, 500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"boom\"}}");

        ProviderError error = unknown(create(stub.baseUrl())).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
    }

    @Test
    void aServerErrorSayingCreationFailedMayBeRetried() {
        for (String code : List.of("13001099", "13001097")) {
            stub.json(CREATE, 500, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"upstream\"}}");

            SubmitOutcome outcome = create(stub.baseUrl());

            assertThat(outcome).as(code).isInstanceOf(SubmitOutcome.NotCreated.class);
            ProviderError error = notCreated(outcome).error();
            assertThat(error.providerCode()).isEqualTo(code);
            assertThat(error.retryable()).isTrue();
        }
    }

    @Test
    void aFailingCodeInAnOkEnvelopeIsTheError() {
        stub.json(CREATE, 200, "{\"code\":13001099,\"msg\":\"upstream task creation error\",\"data\":null}");

        ProviderError error = notCreated(create(stub.baseUrl())).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.providerCode()).isEqualTo("13001099");
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aGenerationErrorOnAServerErrorLeavesTheCreateInDoubt() {
        // Only 13001097 and 13001099 are documented as coming before creation; 13001095 is about a task.
        stub.json(CREATE, 500, "{\"error\":{\"code\":\"13001095\",\"message\":\"upstream\"}}");

        assertThat(unknown(create(stub.baseUrl())).error().providerCode()).isEqualTo("13001095");
    }

    @Test
    void aCreateAnswerWithoutAnIdLeavesTheCreateInDoubt() {
        stub.json(CREATE, 200, "{\"status\":\"in_progress\"}");

        assertThat(unknown(create(stub.baseUrl())).error().kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
    }

    @Test
    void aGenerationErrorInAnOkPollEnvelopeFailsTheTask() {
        stub.json(
                "/model/v1/generation/task/t-1",
                200,
                "{\"code\":13001095,\"msg\":\"upstream internal generation error\",\"data\":{}}");

        TaskSnapshot snapshot = adapter(stub.baseUrl())
                .status(new TaskHandle(ProviderNames.HUNYUAN3D_PRO, "generate", "t-1"))
                .await()
                .atMost(WAIT);

        assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
        assertThat(snapshot.failure().kind()).isEqualTo(ErrorKind.TASK_FAILED);
        assertThat(snapshot.failure().providerCode()).isEqualTo("13001095");
    }

    @Test
    void aRefusedConnectionCreatedNothing() throws Exception {
        ProviderError error = notCreated(create(StubServer.closedPortUrl())).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.retryable()).isTrue();
    }
}
