package dev.kiln.emulator.hitem3d;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.CallbackReceiver;
import dev.kiln.emulator.testing.EmulatorClient;
import dev.kiln.emulator.testing.MultipartBody;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's example requests and every submit-task code. */
class Hitem3dSubmitTest {
    private static final String TASK_ID = "[0-9a-f]{32}\\.jjewelry-aigc-api\\.[A-Za-z0-9]{10}";
    private static EmulatorServer server;
    private static CallbackReceiver receiver;
    private static EmulatorClient client;
    private static Hitem3dClient hitem3d;
    private String token;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(
                EmulatorOptions.defaults().apis(List.of(new Hitem3dApi())).baseScenario(Scenario.fastTasks()));
        client = new EmulatorClient(server.baseUrl());
        hitem3d = new Hitem3dClient(client);
        receiver = new CallbackReceiver();
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    @BeforeEach
    void reset() {
        client.reset();
        token = hitem3d.token();
    }

    @Test
    void seedShellSingleImageBothStagesWithAForeignMeshUrlIsAccepted() {
        // request_type 3 ignores mesh_url, so the seed's example URL does no harm.
        JsonObject answer = hitem3d.submit(
                token,
                Hitem3dClient.singleImage("3")
                        .field("mesh_url", "https://mm-sparc3d-test.tos-ap-southeast-1.volces.com/jjewelry/web/0.glb")
                        .field("callback_url", receiver.url("/callback")));

        assertThat(answer.getInteger("code")).isEqualTo(200);
        assertThat(answer.getString("msg")).isEqualTo("success");
        assertThat(answer.getJsonObject("data").getString("task_id")).matches(TASK_ID);
        assertThat(client.callCount(Hitem3dApi.PROVIDER, Hitem3dApi.CLIENT_ID, "submit-task"))
                .isEqualTo(1);
    }

    @Test
    void seedPythonStagedGenerationTexturesAMeshThisEmulatorMade() {
        String meshTask = hitem3d.submitOk(
                token, Hitem3dClient.singleImage("1").field("callback_url", receiver.url("/callback")));
        String meshUrl = awaitSuccess(meshTask).getString("url");

        String textureTask =
                hitem3d.submitOk(token, Hitem3dClient.singleImage("2").field("mesh_url", meshUrl));

        assertThat(awaitSuccess(textureTask).getString("url")).contains(textureTask);
    }

    @Test
    void seedPythonMultiViewExamplesAreAccepted() {
        Supplier<MultipartBody> multiView = () -> new MultipartBody()
                .jpeg("multi_images", "monster_1.jpg")
                .jpeg("multi_images", "monster_2.jpg")
                .field("resolution", "512")
                .field("face", "800000")
                .field("model", "hitem3dv1.5")
                .field("format", "2")
                .field("callback_url", receiver.url("/callback"));

        String meshTask = hitem3d.submitOk(token, multiView.get().field("request_type", "1"));
        String meshUrl = awaitSuccess(meshTask).getString("url");
        hitem3d.submitOk(token, multiView.get().field("request_type", "2").field("mesh_url", meshUrl));
        hitem3d.submitOk(token, multiView.get().field("request_type", "3"));

        assertThat(client.callCount(Hitem3dApi.PROVIDER, Hitem3dApi.CLIENT_ID, "submit-task"))
                .isEqualTo(3);
    }

    // The seed's callback.com is replaced by a local receiver: tests never call the internet.
    static Stream<Arguments> invalidForms() {
        byte[] tooLarge = new byte[20 * 1024 * 1024 + 1];
        // A PNG signature: the size is what is wrong with this one.
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, tooLarge, 0, 8);
        return Stream.of(
                Arguments.of(
                        10031001,
                        "Upload file size exceeds limit",
                        base().file("images", "big.png", "image/png", tooLarge)),
                Arguments.of(10031002, "Face not valid", single().field("face", "99999")),
                Arguments.of(10031002, "Face not valid", single().field("face", "2000001")),
                Arguments.of(10031003, "Resolution not valid", single().field("resolution", "1536pro")),
                Arguments.of(
                        10031003,
                        "Resolution not valid",
                        base().jpeg("images", "a.jpg")
                                .field("model", "scene-portraitv1.5")
                                .field("resolution", "512")),
                Arguments.of(10031004, "format not support", single().field("format", "5")),
                Arguments.of(
                        10031005,
                        "images only allow png jpeg jpg webp",
                        base().file("images", "a.gif", "image/gif", new byte[] {1})),
                Arguments.of(
                        10031006,
                        "model only allow hitem3dv1 hitem3dv1.5",
                        base().jpeg("images", "a.jpg").field("model", "hitem3dv9")),
                Arguments.of(10031007, "both images and multi images provided", single().jpeg("multi_images", "b.jpg")),
                Arguments.of(10031008, "images or multi images required", base()),
                Arguments.of(10031009, "multi images count exceeds limit", fiveViews()),
                Arguments.of(
                        10031010, "empty file not allowed", base().file("images", "a.jpg", "image/jpeg", new byte[0])),
                Arguments.of(10031010, "empty file not allowed", base().field("images", "/Users/someone/dog.jpeg")),
                // Undocumented: the emulator's non-retryable invalid-input code, never the retryable 10000000.
                Arguments.of(10031000, "request_type only allow 1 2 3", single().field("request_type", "4")),
                Arguments.of(10031011, "mesh url required when request type 2", single().field("request_type", "2")),
                Arguments.of(
                        10031012,
                        "mesh_url_must_start_with_http",
                        single().field("request_type", "2").field("mesh_url", "ftp://x/0.glb")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidForms")
    void eachInvalidInputGetsItsDocumentedCode(int code, String message, MultipartBody form) {
        JsonObject answer = hitem3d.submit(token, form);

        assertThat(answer.getInteger("code")).isEqualTo(code);
        assertThat(answer.getString("msg")).isEqualTo(message);
        assertThat(answer.getJsonObject("data")).isEqualTo(new JsonObject());
        assertThat(server.context().tasks().size()).isZero();
        assertThat(hitem3d.balance(token).getJsonObject("data").getDouble("totalBalance"))
                .isEqualTo(1000.0);
    }

    @Test
    void aJsonSubmitGetsTheVendorsEnvelopeWithAnInvalidInputCode() {
        for (String contentType : List.of("application/json", "text/plain")) {
            HttpResponse<String> response = client.send(client.request("/open-api/v1/submit-task")
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                            .put("request_type", 3)
                            .put("model", "hitem3dv1")
                            .put("images", "aGVsbG8=")
                            .encode()))
                    .build());

            assertThat(response.statusCode()).as(contentType).isEqualTo(200);
            JsonObject answer = EmulatorClient.json(response);
            assertThat(answer.getInteger("code")).isEqualTo(10031008);
            assertThat(answer.getString("msg"))
                    .startsWith("images or multi images required")
                    .contains("multipart/form-data");
            assertThat(answer.getJsonObject("data")).isEqualTo(new JsonObject());
        }
        assertThat(server.context().tasks().size()).isZero();
        assertThat(client.callCount(Hitem3dApi.PROVIDER, Hitem3dApi.CLIENT_ID, "submit-task"))
                .isEqualTo(2);
    }

    @Test
    void aBrokenMultipartBodyGetsTheVendorsEnvelopeToo() {
        HttpResponse<String> response = client.send(client.request("/open-api/v1/submit-task")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=kiln")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "--kiln\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.png\"\r\n\r\n\u0089PNG"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorClient.json(response).getInteger("code")).isEqualTo(10031008);
    }

    @Test
    void aJsonSubmitWithABadTokenIsAnAuthFailureFirst() {
        HttpResponse<String> response = client.send(client.request("/open-api/v1/submit-task")
                .header("Authorization", "Bearer not-a-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(EmulatorClient.json(EmulatorClient.expect(response, 200)).getInteger("code"))
                .isEqualTo(40010000);
    }

    static Stream<Arguments> imagesByTheirBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] webp = {'R', 'I', 'F', 'F', 20, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L'};
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xdb, 0, 67};
        byte[] text = "hello world, not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return Stream.of(
                Arguments.of("a PNG called .gif", "photo.gif", "image/gif", png, 200),
                Arguments.of("a WebP without an extension", "upload", "application/octet-stream", webp, 200),
                Arguments.of("a JPEG called .png", "a.png", "image/png", jpeg, 200),
                Arguments.of("text called .png", "fake.png", "image/png", text, 10031005),
                Arguments.of("text called .jpg", "fake.jpg", "image/jpeg", text, 10031005),
                Arguments.of("a GIF called .webp", "anim.webp", "image/webp", gif, 10031005));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imagesByTheirBytes")
    void anImageIsJudgedByItsBytesNotItsName(
            String description, String fileName, String contentType, byte[] content, int code) {
        JsonObject answer = hitem3d.submit(token, base().file("images", fileName, contentType, content));

        assertThat(answer.getInteger("code")).isEqualTo(code);
        if (code != 200) {
            assertThat(answer.getString("msg")).isEqualTo("images only allow png jpeg jpg webp");
        }
    }

    @Test
    void everyViewOfAMultiViewSubmitIsJudgedByItsBytes() {
        byte[] text = "not an image at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        JsonObject answer = hitem3d.submit(
                token, base().jpeg("multi_images", "front.jpg").file("multi_images", "back.jpg", "image/jpeg", text));

        assertThat(answer.getInteger("code")).isEqualTo(10031005);
    }

    @Test
    void aMeshUrlThisEmulatorDidNotIssueIsRefused() {
        JsonObject answer = hitem3d.submit(
                token,
                single().field("request_type", "2")
                        .field("mesh_url", "https://hitem3dstatic.zaohaowu.net/jjewelry/web/model3ds/0.glb"));

        assertThat(answer.getInteger("code")).isEqualTo(10031012);
    }

    @Test
    void aTexturedResultIsNotAMeshForStagedGeneration() {
        String textured = hitem3d.submitOk(token, Hitem3dClient.singleImage("3"));
        String url = awaitSuccess(textured).getString("url");

        JsonObject answer = hitem3d.submit(token, Hitem3dClient.singleImage("2").field("mesh_url", url));

        assertThat(answer.getInteger("code")).isEqualTo(10031012);
    }

    @Test
    void anEmptyBalanceAnswers30010000() {
        client.send(client.request("/_emulator/accounts/hitem3d/" + Hitem3dApi.CLIENT_ID)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("balance", 5).encode()))
                .build());

        JsonObject answer = hitem3d.submit(token, Hitem3dClient.singleImage("3"));

        assertThat(answer.getInteger("code")).isEqualTo(30010000);
        assertThat(answer.getString("msg")).isEqualTo("balance is not enough");
        assertThat(server.context().tasks().size()).isZero();
    }

    @Test
    void aSystemErrorCanBeInjected() {
        String scenario =
                new JsonObject().put("fault", "http_error").put("status", 200).encode();

        JsonObject answer = hitem3d.submit(token, Hitem3dClient.singleImage("3"), ScenarioRegistry.HEADER, scenario);

        assertThat(answer.getInteger("code")).isEqualTo(10000000);
        assertThat(answer.getString("msg")).isEqualTo("system error");
    }

    private JsonObject awaitSuccess(String taskId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> hitem3d.query(token, taskId).getJsonObject("data"), data -> "success"
                        .equals(data.getString("state")));
    }

    private static MultipartBody base() {
        return new MultipartBody()
                .field("request_type", "3")
                .field("model", "hitem3dv1")
                .field("format", "2");
    }

    private static MultipartBody single() {
        return base().jpeg("images", "a.jpg");
    }

    private static MultipartBody fiveViews() {
        MultipartBody form = base();
        for (int i = 1; i <= 5; i++) {
            form.jpeg("multi_images", "view" + i + ".jpg");
        }
        return form;
    }
}
