package dev.kiln.provider.hitem3d;

import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.net.OutboundAllowlist;
import dev.kiln.net.OutboundPolicy;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.StubServer;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.TestImages;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create answers the emulator does not give: gateway pages, undocumented 5xx codes, no server at all. */
class Hitem3dServerAnswersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
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

    private ProviderError submitFailure(String baseUrl) {
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
        try {
            adapter.submit(new StepRequest(job, "generate", null)).await().atMost(WAIT);
        } catch (ProviderException expected) {
            return expected.error();
        }
        throw new AssertionError("the submit succeeded but should have failed");
    }

    private ProviderError answered(int status, String contentType, String body) {
        stub.answer(Hitem3dAdapter.SUBMIT_PATH, status, contentType, body);
        return submitFailure(stub.baseUrl());
    }

    @Test
    void aGatewayPageLeavesTheSubmitInDoubt() {
        for (int status : List.of(502, 504)) {
            ProviderError error = answered(status, "text/html", "<html><body>Bad Gateway</body></html>");

            assertThat(error.outcomeUnknown()).as("HTTP " + status).isTrue();
        }
    }

    @Test
    void anUndocumentedServerErrorCodeLeavesTheSubmitInDoubt() {
        ProviderError bare = answered(500, "application/json", "{\"code\":500,\"msg\":\"internal\",\"data\":{}}");
        assertThat(bare.outcomeUnknown()).isTrue();

        ProviderError unknown = answered(503, "application/json", "{\"code\":77777777,\"msg\":\"what\",\"data\":{}}");
        assertThat(unknown.outcomeUnknown()).isTrue();
    }

    @Test
    void theDocumentedSystemErrorMayBeRetried() {
        ProviderError error =
                answered(500, "application/json", "{\"code\":10000000,\"msg\":\"system error\",\"data\":{}}");

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.providerCode()).isEqualTo("10000000");
        assertThat(error.retryable()).isTrue();
        assertThat(error.outcomeUnknown()).isFalse();
    }

    @Test
    void aRefusedConnectionCreatedNothing() throws Exception {
        ProviderError error = submitFailure(StubServer.closedPortUrl());

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(error.retryable()).isTrue();
        assertThat(error.outcomeUnknown()).isFalse();
    }
}
