package dev.kiln.provider.hitem3d;

import static dev.kiln.provider.Outcomes.notCreated;
import static dev.kiln.provider.Outcomes.unknown;
import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.net.OutboundAllowlist;
import dev.kiln.net.OutboundPolicy;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.Outcomes;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.StubServer;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.TestImages;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create answers the emulator does not give: gateway pages, undocumented 5xx codes, no server at all. */
class Hitem3dServerAnswersTest {
    private static StubServer stub;
    private static Vertx vertx;
    private Hitem3dAdapter adapter;

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

    private SubmitOutcome submitTo(String baseUrl) {
        close();
        adapter = new Hitem3dAdapter(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.hitem3d.base-url", baseUrl,
                                "kiln.providers.hitem3d.access-token", "stub-token",
                                "kiln.providers.hitem3d.http.request-timeout", "2S"))
                        .hitem3d(),
                // The stub serves the input image on loopback: allowlisted, as the outbound guard requires.
                new OutboundPolicy(OutboundAllowlist.of(List.of(stub.baseUrl().substring("http://".length())))),
                Clock.systemUTC());
        String image = stub.image("cat.png", TestImages.pngHeader(512, 512));
        var job = request(ProviderNames.HITEM3D, List.of(url(image)), null, List.of(), "{}");
        assertThat(adapter.validate(job)).isEmpty();
        return Outcomes.await(adapter.submit(new StepRequest(job, "generate", null)));
    }

    private SubmitOutcome answered(int status, String contentType, String body) {
        stub.answer(Hitem3dAdapter.SUBMIT_PATH, status, contentType, body);
        return submitTo(stub.baseUrl());
    }

    @Test
    void aGatewayPageLeavesTheSubmitInDoubt() {
        for (int status : List.of(502, 504)) {
            SubmitOutcome outcome = answered(status, "text/html", "<html><body>Bad Gateway</body></html>");

            assertThat(outcome).as("HTTP " + status).isInstanceOf(SubmitOutcome.Unknown.class);
        }
    }

    @Test
    void anUndocumentedServerErrorCodeLeavesTheSubmitInDoubt() {
        assertThat(answered(500, "application/json", "{\"code\":500,\"msg\":\"internal\",\"data\":{}}"))
                .isInstanceOf(SubmitOutcome.Unknown.class);

        assertThat(answered(503, "application/json", "{\"code\":77777777,\"msg\":\"what\",\"data\":{}}"))
                .isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void aServerCodeInAnOkAnswerLeavesTheSubmitInDoubt() {
        // HTTP 200 carrying {code:500}: the body says the server failed, not that it refused.
        assertThat(answered(200, "application/json", "{\"code\":500,\"msg\":\"internal\",\"data\":{}}"))
                .isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void anOkAnswerWithoutATaskIdLeavesTheSubmitInDoubt() {
        SubmitOutcome outcome = answered(200, "application/json", "{\"code\":200,\"msg\":\"success\",\"data\":{}}");

        assertThat(unknown(outcome).error().kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
    }

    @Test
    void theDocumentedSystemErrorMayBeRetried() {
        ProviderError error = notCreated(
                        answered(500, "application/json", "{\"code\":10000000,\"msg\":\"system error\",\"data\":{}}"))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.providerCode()).isEqualTo("10000000");
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aRefusalCodeOnAServerErrorIsARefusal() {
        // A documented verdict in the body wins over the bare status: balance is not enough.
        SubmitOutcome outcome =
                answered(500, "application/json", "{\"code\":30010000,\"msg\":\"balance is not enough\",\"data\":{}}");

        assertThat(notCreated(outcome).error().kind()).isEqualTo(ErrorKind.OUT_OF_CREDITS);
    }

    @Test
    void aRefusedConnectionCreatedNothing() throws Exception {
        ProviderError error = notCreated(submitTo(StubServer.closedPortUrl())).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.retryable()).isTrue();
    }
}
