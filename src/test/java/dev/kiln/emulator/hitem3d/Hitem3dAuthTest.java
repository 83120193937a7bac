package dev.kiln.emulator.hitem3d;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.testing.EmulatorClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Hitem3dAuthTest {
    private static EmulatorServer server;
    private static EmulatorClient client;
    private static Hitem3dClient hitem3d;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(
                EmulatorOptions.defaults().apis(List.of(new Hitem3dApi())).baseScenario(Scenario.fastTasks()));
        client = new EmulatorClient(server.baseUrl());
        hitem3d = new Hitem3dClient(client);
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
    void basicCredentialsGetABearerToken() {
        JsonObject answer = EmulatorClient.json(hitem3d.tokenResponse(Hitem3dApi.CLIENT_ID, Hitem3dApi.CLIENT_SECRET));

        assertThat(answer.getInteger("code")).isEqualTo(200);
        JsonObject data = answer.getJsonObject("data");
        assertThat(data.getString("tokenType")).isEqualTo("Bearer");
        assertThat(data.getString("nonce")).isNotBlank();
        assertThat(data.containsKey("expires_in"))
                .as("the vendor sends no lifetime")
                .isFalse();
        assertThat(hitem3d.balance(data.getString("accessToken")).getInteger("code"))
                .isEqualTo(200);
    }

    @Test
    void badCredentialsAnswerHttp200WithCode40010000() {
        HttpResponse<String> wrongSecret = hitem3d.tokenResponse(Hitem3dApi.CLIENT_ID, "not-the-secret");
        HttpResponse<String> noHeader = client.send(client.request("/open-api/v1/auth/token")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        for (HttpResponse<String> response : List.of(wrongSecret, noHeader)) {
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject body = EmulatorClient.json(response);
            assertThat(body.getInteger("code")).isEqualTo(40010000);
            assertThat(body.getJsonObject("data")).isEqualTo(new JsonObject());
        }
        assertThat(client.callCount(Hitem3dApi.PROVIDER, "anonymous", "auth-token"))
                .isEqualTo(2);
    }

    @Test
    void aTokenExpiresAfter24Hours() {
        String token = hitem3d.token();
        client.advanceClock(Duration.ofHours(23).plusMinutes(59));
        assertThat(hitem3d.balance(token).getInteger("code")).isEqualTo(200);

        client.advanceClock(Duration.ofMinutes(2));

        JsonObject expired = hitem3d.balance(token);
        assertThat(expired.getInteger("code")).isEqualTo(40010000);
        JsonObject submit = hitem3d.submit(token, Hitem3dClient.singleImage("3"));
        assertThat(submit.getInteger("code")).isEqualTo(40010000);
        assertThat(hitem3d.balance(hitem3d.token()).getInteger("code"))
                .as("a fresh token works")
                .isEqualTo(200);
    }

    @Test
    void anUnknownTokenIsRefusedWithCode40010000() {
        assertThat(hitem3d.balance("made-up").getInteger("code")).isEqualTo(40010000);
        assertThat(hitem3d.query("made-up", "any").getInteger("code")).isEqualTo(40010000);
    }

    @Test
    void theBalanceShowsTheAccountCredits() {
        String token = hitem3d.token();
        assertThat(hitem3d.balance(token).getJsonObject("data").getDouble("totalBalance"))
                .isEqualTo(1000.0);

        hitem3d.submitOk(token, Hitem3dClient.singleImage("3"));

        assertThat(hitem3d.balance(token).getJsonObject("data").getDouble("totalBalance"))
                .isEqualTo(990.0);
    }
}
