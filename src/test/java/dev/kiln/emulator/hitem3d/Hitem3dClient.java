package dev.kiln.emulator.hitem3d;

import dev.kiln.emulator.testing.EmulatorClient;
import dev.kiln.emulator.testing.MultipartBody;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Hitem3D calls the tests make, over real HTTP. */
final class Hitem3dClient {
    private final EmulatorClient client;

    Hitem3dClient(EmulatorClient client) {
        this.client = client;
    }

    HttpResponse<String> tokenResponse(String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return client.send(client.request("/open-api/v1/auth/token")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    String token() {
        JsonObject body = EmulatorClient.json(tokenResponse(Hitem3dApi.CLIENT_ID, Hitem3dApi.CLIENT_SECRET));
        return body.getJsonObject("data").getString("accessToken");
    }

    JsonObject submit(String token, MultipartBody form, String... headers) {
        HttpRequest.Builder builder = client.request("/open-api/v1/submit-task")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", form.contentType())
                .POST(form.publisher());
        if (headers.length > 0) {
            builder.headers(headers);
        }
        HttpResponse<String> response = client.send(builder.build());
        return EmulatorClient.json(EmulatorClient.expect(response, 200));
    }

    /** Submits and returns the task id, failing the test on any other answer. */
    String submitOk(String token, MultipartBody form) {
        JsonObject answer = submit(token, form);
        if (answer.getInteger("code") != 200) {
            throw new AssertionError("submit refused: " + answer.encode());
        }
        return answer.getJsonObject("data").getString("task_id");
    }

    HttpResponse<String> queryResponse(String token, String taskId) {
        return client.get("/open-api/v1/query-task?task_id=" + taskId, "Authorization", "Bearer " + token);
    }

    JsonObject query(String token, String taskId) {
        return EmulatorClient.json(EmulatorClient.expect(queryResponse(token, taskId), 200));
    }

    JsonObject balance(String token) {
        return EmulatorClient.json(
                EmulatorClient.expect(client.get("/open-api/v1/balance", "Authorization", "Bearer " + token), 200));
    }

    /** The seed's "single image, geometry + texture" example. */
    static MultipartBody singleImage(String requestType) {
        return new MultipartBody()
                .jpeg("images", "dog.jpeg")
                .field("request_type", requestType)
                .field("resolution", "512")
                .field("face", "800000")
                .field("model", "hitem3dv1")
                .field("format", "2");
    }
}
