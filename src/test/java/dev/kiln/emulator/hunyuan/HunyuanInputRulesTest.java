package dev.kiln.emulator.hunyuan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every input rule of seed 002, checked on the parser (the API answers 400 with the same message). */
class HunyuanInputRulesTest {
    private static final String URL = HunyuanApiTest.IMAGE_URL;
    private static final String PNG_256 = image("png", 256, 256);

    static JsonObject request(Object... pairs) {
        JsonObject body = new JsonObject().put("model", HunyuanRequest.MODEL);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    static JsonObject view(String type, String key, String value) {
        return new JsonObject().put("ViewType", type).put(key, value);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "wrong model",
                        "model must be",
                        request("image_url", URL).put("model", "hunyuan")),
                Arguments.of(
                        "model in params",
                        "not supported in params",
                        new JsonObject()
                                .put("model", HunyuanRequest.MODEL)
                                .put(
                                        "params",
                                        new JsonObject().put("image_url", URL).put("model", "3.0"))),
                Arguments.of("no input", "exactly one of", request()),
                Arguments.of("prompt and image_url", "exactly one of", request("prompt", "a chair", "image_url", URL)),
                Arguments.of(
                        "image_url and image_base64",
                        "exactly one of",
                        request("image_url", URL, "image_base64", PNG_256)),
                Arguments.of(
                        "Sketch without image",
                        "Sketch needs",
                        request("generate_type", "Sketch", "prompt", "a chair")),
                Arguments.of(
                        "Sketch without prompt", "Sketch needs", request("generate_type", "Sketch", "image_url", URL)),
                Arguments.of(
                        "Sketch with two images",
                        "Sketch needs",
                        request("generate_type", "Sketch", "prompt", "a", "image_url", URL, "image_base64", PNG_256)),
                Arguments.of(
                        "Sketch with views",
                        "not supported when generate_type is Sketch",
                        request(
                                "generate_type",
                                "Sketch",
                                "prompt",
                                "a",
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray().add(view("left", "ViewImageUrl", URL)))),
                Arguments.of("prompt too long", "1024", request("prompt", "字".repeat(1025))),
                Arguments.of(
                        "face_count too low",
                        "face_count must be between",
                        request("image_url", URL, "face_count", 2999)),
                Arguments.of(
                        "face_count too high",
                        "face_count must be between",
                        request("image_url", URL, "face_count", 1_500_001)),
                Arguments.of(
                        "face_count not an integer",
                        "face_count must be an integer",
                        request("image_url", URL, "face_count", "many")),
                Arguments.of(
                        "unknown generate_type",
                        "generate_type must be",
                        request("image_url", URL, "generate_type", "HighPoly")),
                Arguments.of(
                        "unknown polygon_type",
                        "polygon_type must be",
                        request("image_url", URL, "generate_type", "LowPoly", "polygon_type", "hexagon")),
                Arguments.of(
                        "enable_pbr not boolean", "enable_pbr must be", request("image_url", URL, "enable_pbr", "yes")),
                Arguments.of(
                        "image_url not http", "http(s) URL", request("image_url", "ftp://images.example.com/a.png")),
                Arguments.of(
                        "image_url a gif",
                        "image_url must point to",
                        request("image_url", "https://images.example.com/a.gif")),
                Arguments.of(
                        "image_base64 not an image",
                        "image_base64 must be a",
                        request("image_base64", Base64.getEncoder().encodeToString("hello".getBytes()))),
                Arguments.of(
                        "image_base64 too small",
                        "sides must be between",
                        request("image_base64", image("png", 100, 300))),
                Arguments.of(
                        "image_base64 too large a side",
                        "sides must be between",
                        request("image_base64", image("png", 5001, 200))),
                Arguments.of(
                        "unknown view",
                        "ViewType must be",
                        request(
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray().add(view("front", "ViewImageUrl", URL)))),
                Arguments.of(
                        "two images for one view",
                        "only one image per view",
                        request(
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray()
                                        .add(view("left", "ViewImageUrl", URL))
                                        .add(view("left", "ViewImageUrl", URL)))),
                Arguments.of(
                        "view with url and base64",
                        "exactly one of ViewImageUrl",
                        request(
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray()
                                        .add(view("left", "ViewImageUrl", URL).put("ViewImageBase64", PNG_256)))),
                Arguments.of(
                        "view without image",
                        "exactly one of ViewImageUrl",
                        request(
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray().add(new JsonObject().put("ViewType", "back")))),
                Arguments.of(
                        "view as webp url",
                        "ViewImageUrl must point to",
                        request(
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray().add(view("back", "ViewImageUrl", "https://x.example.com/b.webp")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void aRequestBreakingARuleIsRefused(String rule, String reason, JsonObject body) {
        assertThatThrownBy(() -> HunyuanRequest.parse(body))
                .isInstanceOf(HunyuanRequest.Invalid.class)
                .hasMessageContaining(reason);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("prompt", request("prompt", "a wooden chair")),
                Arguments.of("image_url", request("image_url", URL)),
                Arguments.of("image_base64 png", request("image_base64", PNG_256)),
                Arguments.of(
                        "image_base64 jpeg data uri",
                        request("image_base64", "data:image/jpeg;base64," + image("jpg", 128, 5000))),
                Arguments.of(
                        "Sketch", request("generate_type", "Sketch", "prompt", "a chair", "image_base64", PNG_256)),
                Arguments.of(
                        "LowPoly ignores face_count",
                        request("generate_type", "LowPoly", "prompt", "a", "face_count", 1)),
                Arguments.of(
                        "Geometry ignores enable_pbr",
                        request("generate_type", "Geometry", "prompt", "a", "enable_pbr", true)),
                Arguments.of("face_count bounds", request("prompt", "a", "face_count", 3000)),
                Arguments.of(
                        "every view",
                        request(
                                "image_url",
                                URL,
                                "multi_view_images",
                                new JsonArray()
                                        .add(view("left", "ViewImageUrl", URL))
                                        .add(view("right", "ViewImageBase64", PNG_256))
                                        .add(view("back", "ViewImageUrl", URL))
                                        .add(view("top", "ViewImageUrl", URL))
                                        .add(view("bottom", "ViewImageUrl", URL))
                                        .add(view("left_front", "ViewImageUrl", URL))
                                        .add(view("right_front", "ViewImageUrl", URL)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void aRequestWithinTheRulesIsAccepted(String rule, JsonObject body) throws HunyuanRequest.Invalid {
        assertThat(HunyuanRequest.parse(body).generateType()).isNotBlank();
    }

    @Test
    void ignoredParametersTakeTheirDocumentedValues() throws HunyuanRequest.Invalid {
        HunyuanRequest lowPoly =
                HunyuanRequest.parse(request("generate_type", "LowPoly", "prompt", "a", "face_count", 1));
        HunyuanRequest geometry = HunyuanRequest.parse(request(
                "generate_type", "Geometry", "prompt", "a", "enable_pbr", true, "polygon_type", "quadrilateral"));
        HunyuanRequest normal = HunyuanRequest.parse(request("prompt", "a"));

        assertThat(lowPoly.faceCount()).isEqualTo(500_000);
        assertThat(geometry.enablePbr()).isFalse();
        assertThat(geometry.polygonType()).isEqualTo("triangle");
        assertThat(normal.faceCount()).isEqualTo(500_000);
        assertThat(normal.generateType()).isEqualTo("Normal");
    }

    @Test
    void theApiAnswers400ForABrokenRule() {
        try (var server = dev.kiln.emulator.EmulatorServer.start(
                dev.kiln.emulator.EmulatorOptions.defaults().apis(java.util.List.of(new HunyuanApi())))) {
            var client = new dev.kiln.emulator.testing.EmulatorClient(server.baseUrl());
            var response = client.postJson(
                    "/model/v1/generation",
                    request("prompt", "a", "image_url", URL),
                    "Authorization",
                    "Bearer " + HunyuanApi.API_KEY);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(response.body()).getJsonObject("error").getString("message"))
                    .contains("exactly one of");
            assertThat(server.context().tasks().size()).isZero();
        }
    }

    private static String image(String format, int width, int height) {
        try {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
