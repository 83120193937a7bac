package dev.kiln.provider.hitem3d;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.CallbackOutcome;
import dev.kiln.provider.CallbackRequest;
import dev.kiln.provider.CallbackSigner;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.TestConfigs;
import io.vertx.mutiny.core.Vertx;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Callback bodies exactly as the vendor documents them, without the emulator. */
class Hitem3dCallbackParseTest {
    private static final String KEY = "unit-test-signing-key";
    private static final String JOB = "job-42";
    private static Vertx vertx;
    private static Hitem3dAdapter adapter;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        adapter = new Hitem3dAdapter(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.hitem3d.base-url", "http://127.0.0.1:9",
                                "kiln.providers.hitem3d.access-token", "unused",
                                "kiln.providers.hitem3d.callback-base-url", "https://kiln.example/callbacks",
                                "kiln.providers.hitem3d.callback-signing-key", KEY))
                        .hitem3d(),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        adapter.close();
        vertx.closeAndAwait();
    }

    private static Map<String, String> signedQuery(String step) {
        String url = new CallbackSigner(ProviderNames.HITEM3D, KEY).callbackUrl("https://kiln.example/cb", JOB, step);
        Map<String, String> query = new HashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static CallbackOutcome parse(Map<String, String> query, String body) {
        return adapter.parseCallback(new CallbackRequest(query, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theVendorsFailureBodyIsAFailedHintForTheSignedStep() {
        CallbackOutcome outcome =
                parse(signedQuery("mesh"), "{\"code\":50010001,\"data\":{},\"msg\":\"generate failed\"}");

        assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Accepted.class, accepted -> {
            assertThat(accepted.jobId()).isEqualTo(JOB);
            assertThat(accepted.hint().task().provider()).isEqualTo(ProviderNames.HITEM3D);
            assertThat(accepted.hint().task().step()).isEqualTo("mesh");
            assertThat(accepted.hint().task().taskId()).isNull();
            assertThat(accepted.hint().state()).isEqualTo(TaskState.FAILED);
            assertThat(accepted.hint().failure().kind()).isEqualTo(ErrorKind.TASK_FAILED);
            assertThat(accepted.hint().failure().providerCode()).isEqualTo("50010001");
        });
    }

    @Test
    void aFailureBodyWithABadProofIsStillRefused() {
        Map<String, String> forged = signedQuery("generate");
        forged.put(CallbackSigner.JOB, "someone-elses-job");

        assertThat(parse(forged, "{\"code\":50010001,\"data\":{},\"msg\":\"generate failed\"}"))
                .isInstanceOf(CallbackOutcome.Refused.class);
    }

    @Test
    void everyStateChangeIsAHintWhicheverFieldNamesIt() {
        Map<String, TaskState> expected =
                Map.of("queueing", TaskState.QUEUED, "processing", TaskState.RUNNING, "success", TaskState.SUCCEEDED);
        for (String field : new String[] {"state", "status"}) {
            expected.forEach((word, state) -> {
                String body = "{\"code\":200,\"msg\":\"success\",\"data\":{\"task_id\":\"t-9\",\"" + field + "\":\""
                        + word + "\"" + (state == TaskState.SUCCEEDED ? ",\"url\":\"https://cdn.example/m.glb\"" : "")
                        + "}}";

                assertThat(parse(signedQuery("generate"), body))
                        .as(field + "=" + word)
                        .isInstanceOfSatisfying(CallbackOutcome.Accepted.class, accepted -> {
                            assertThat(accepted.hint().state()).isEqualTo(state);
                            assertThat(accepted.hint().task().taskId()).isEqualTo("t-9");
                        });
            });
        }
    }

    @Test
    void aSuccessCallbackWithoutATaskIdIsKeyedByTheSignedStep() {
        CallbackOutcome outcome = parse(
                signedQuery("texture"),
                "{\"code\":200,\"msg\":\"success\",\"data\":{\"status\":\"success\",\"url\":\"https://cdn.example/m.glb\"}}");

        assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Accepted.class, accepted -> {
            assertThat(accepted.hint().task().step()).isEqualTo("texture");
            assertThat(accepted.hint().state()).isEqualTo(TaskState.SUCCEEDED);
        });
    }

    @Test
    void aBodyWithoutAnyStateIsRefused() {
        assertThat(parse(signedQuery("generate"), "{\"code\":200,\"msg\":\"success\",\"data\":{\"task_id\":\"t-9\"}}"))
                .isInstanceOf(CallbackOutcome.Refused.class);
    }
}
