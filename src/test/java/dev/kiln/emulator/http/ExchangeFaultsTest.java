package dev.kiln.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.EmulatorClient;
import dev.kiln.emulator.testing.ProbeApi;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExchangeFaultsTest {
    private static final String AUTH = "Authorization";
    private static EmulatorServer server;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(EmulatorOptions.defaults().apis(List.of(new ProbeApi())));
        client = new EmulatorClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        client.reset();
    }

    @Test
    void theServerSpeaksHttp11EvenToAClientThatOffersH2c() {
        // The JDK client asks for an h2c upgrade; a fault that closes the connection must hit one request only.
        HttpClient http2 = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        EmulatorClient offering = new EmulatorClient(server.baseUrl(), http2);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = offering.get("/probe/ping");

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(EmulatorClient.json(response).getString("httpVersion")).isEqualTo("HTTP_1_1");
        }
    }

    @Test
    void aHeaderPresetAnswers429WithRetryAfter() {
        HttpResponse<String> response =
                client.get("/probe/ping", AUTH, "probe-key", ScenarioRegistry.HEADER, "rate-limited");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void anInlineHeaderScenarioSetsStatusAndRetryAfter() {
        String scenario = new JsonObject()
                .put("fault", "http_error")
                .put("status", 503)
                .put("retryAfterSeconds", 7)
                .encode();

        HttpResponse<String> response = client.get("/probe/ping", ScenarioRegistry.HEADER, scenario);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void aRuleWithTimesAppliesToThatManyCallsOfTheAccount() {
        client.addScenario(new JsonObject()
                .put("provider", ProbeApi.PROVIDER)
                .put("account", ProbeApi.ACCOUNT)
                .put("operation", "ping")
                .put("times", 2)
                .put("scenario", new JsonObject().put("fault", "http_error").put("status", 500)));

        assertThat(client.get("/probe/ping", AUTH, "probe-key").statusCode()).isEqualTo(500);
        assertThat(client.get("/probe/ping").statusCode()).as("another account").isEqualTo(200);
        assertThat(client.get("/probe/ping", AUTH, "probe-key").statusCode()).isEqualTo(500);
        assertThat(client.get("/probe/ping", AUTH, "probe-key").statusCode()).isEqualTo(200);
        assertThat(client.callCount(ProbeApi.PROVIDER, ProbeApi.ACCOUNT, "ping"))
                .isEqualTo(3);
    }

    @Test
    void aHangingCallNeverAnswers() {
        var request = client.request("/probe/ping")
                .header(ScenarioRegistry.HEADER, "hang")
                .timeout(Duration.ofMillis(500))
                .GET()
                .build();

        assertThatThrownBy(() -> client.http().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(client.callCount(ProbeApi.PROVIDER, null, "ping")).isEqualTo(1);
    }

    @Test
    void aResetClosesTheConnectionWithoutAnswer() {
        var request = client.request("/probe/ping")
                .header(ScenarioRegistry.HEADER, "reset")
                .GET()
                .build();

        assertThatThrownBy(() -> client.http().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void malformedJsonIsCutOffHalfWay() {
        HttpResponse<String> response = client.get("/probe/ping", ScenarioRegistry.HEADER, "malformed-json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new JsonObject(response.body())).isInstanceOf(DecodeException.class);
    }

    @Test
    void aTricklingBodyArrivesWholeButSlowly() {
        String scenario = new JsonObject()
                .put("fault", "trickle")
                .put("trickleBytesPerSecond", 500)
                .encode();
        long started = System.nanoTime();

        HttpResponse<String> response = client.get("/probe/ping", ScenarioRegistry.HEADER, scenario);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(300));
        assertThat(EmulatorClient.json(response).getBoolean("pong")).isTrue();
    }

    @Test
    void latencyDelaysTheAnswer() {
        long started = System.nanoTime();

        HttpResponse<String> response = client.get("/probe/ping", ScenarioRegistry.HEADER, "{\"latencyMillis\":400}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aNamedRuleAppliesOnlyWhenAHeaderNamesIt() {
        client.addScenario(new JsonObject()
                .put("name", "flaky")
                .put("scenario", new JsonObject().put("fault", "http_error").put("status", 502)));

        assertThat(client.get("/probe/ping").statusCode()).isEqualTo(200);
        assertThat(client.get("/probe/ping", ScenarioRegistry.HEADER, "flaky").statusCode())
                .isEqualTo(502);
    }

    @Test
    void theAdminResetForgetsCallsAndRules() {
        client.addScenario(new JsonObject().put("scenario", new JsonObject().put("fault", "http_error")));
        assertThat(client.get("/probe/ping").statusCode()).isEqualTo(500);

        client.reset();

        assertThat(client.callCount(null, null, null)).isZero();
        assertThat(client.get("/probe/ping").statusCode()).isEqualTo(200);
        JsonObject calls = EmulatorClient.json(client.get("/_emulator/calls"));
        assertThat(calls.getJsonObject("counts")
                        .getJsonObject("probe")
                        .getJsonObject("anonymous")
                        .getInteger("ping"))
                .isEqualTo(1);
    }
}
