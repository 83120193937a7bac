package dev.kiln.provider.hunyuan;

import static dev.kiln.provider.Requests.codes;
import static dev.kiln.provider.Requests.inline;
import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.TestImages;
import dev.kiln.provider.TestImages.Segment;
import io.vertx.mutiny.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HunyuanRequestValidatorTest {
    private final HunyuanRequestValidator validator =
            new HunyuanRequestValidator(TestConfigs.providers().hunyuan());

    private static JobRequest job(List<ImageInput> images, String prompt, String options) {
        return request(ProviderNames.HUNYUAN3D_PRO, images, prompt, List.of("glb"), options);
    }

    @Test
    void normalLowPolyAndGeometryTakeExactlyOneOfPromptOrImage() {
        for (String type : List.of("Normal", "LowPoly", "Geometry")) {
            String options = "{\"generate_type\":\"" + type + "\"}";
            assertThat(validator.validate(job(List.of(), "a teapot", options)))
                    .as(type)
                    .isEmpty();
            assertThat(validator.validate(job(List.of(url("https://i/a.png")), null, options)))
                    .as(type)
                    .isEmpty();
            assertThat(codes(validator.validate(job(List.of(url("https://i/a.png")), "a teapot", options))))
                    .as(type)
                    .containsExactly("CONFLICTING_INPUTS");
            assertThat(codes(validator.validate(job(List.of(), null, options))))
                    .as(type)
                    .containsExactly("MISSING_INPUT");
        }
    }

    @Test
    void sketchNeedsBothPromptAndImageAndNoViews() {
        String sketch = "{\"generate_type\":\"Sketch\"}";
        assertThat(validator.validate(job(List.of(url("https://i/s.png")), "a cat", sketch)))
                .isEmpty();
        assertThat(codes(validator.validate(job(List.of(url("https://i/s.png")), null, sketch))))
                .containsExactly("MISSING_INPUT");
        assertThat(codes(validator.validate(
                        job(List.of(url("https://i/s.png"), url("https://i/l.png", "left")), "a cat", sketch))))
                .containsExactly("UNSUPPORTED_INPUT");
    }

    @Test
    void optionsFollowTheDocumentedRangesAndValues() {
        assertThat(codes(validator.validate(job(List.of(), "x", "{\"face_count\":2999}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(codes(validator.validate(job(List.of(), "x", "{\"face_count\":1500001}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(codes(validator.validate(job(List.of(), "x", "{\"generate_type\":\"Fancy\"}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(codes(validator.validate(job(List.of(), "x", "{\"polygon_type\":\"hexagon\"}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(codes(validator.validate(job(List.of(), "x", "{\"enable_pbr\":\"yes\"}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(codes(validator.validate(job(List.of(), "x".repeat(1025), "{}"))))
                .containsExactly("PROMPT_TOO_LONG");
        HunyuanRequestValidator strict = new HunyuanRequestValidator(
                TestConfigs.providers(Map.of("kiln.providers.hunyuan.face-count-min", "40000"))
                        .hunyuan());
        assertThat(codes(strict.validate(job(List.of(), "x", "{\"face_count\":10000}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
    }

    @Test
    void viewsAreUniqueKnownAndJpgOrPng() {
        List<ImageInput> views = List.of(
                url("https://i/front.webp"),
                url("https://i/l.png", "left"),
                url("https://i/l2.png", "left"),
                url("https://i/t.webp", "top"),
                url("https://i/x.png", "underneath"));

        assertThat(codes(validator.validate(job(views, null, "{}"))))
                .containsExactlyInAnyOrder("DUPLICATE_VIEW", "UNSUPPORTED_IMAGE_TYPE", "INVALID_VIEW");
    }

    @Test
    void requestedFormatsMustBeDelivered() {
        JobRequest usdz = request(ProviderNames.HUNYUAN3D_PRO, List.of(), "x", List.of("usdz"), "{}");
        assertThat(codes(validator.validate(usdz))).containsExactly("UNSUPPORTED_FORMAT");
    }

    @Test
    void theCreateBodyLeavesOutWhatTheTypeIgnoresAndCarriesViews() {
        Vertx vertx = Vertx.vertx();
        HunyuanAdapter adapter =
                new HunyuanAdapter(vertx, TestConfigs.providers().hunyuan(), Clock.systemUTC());
        try {
            JobRequest lowPoly = job(
                    List.of(inline(TestImages.png(128, 128), "image/png", null), url("https://i/b.jpg", "back")),
                    null,
                    "{\"generate_type\":\"LowPoly\",\"face_count\":10000,\"polygon_type\":\"quadrilateral\","
                            + "\"enable_pbr\":true}");
            ObjectNode body = adapter.createBody(validator.settings(lowPoly));

            assertThat(body.path("model").asText()).isEqualTo("tencent_hunyuan_3d_pro");
            assertThat(body.has("face_count")).isFalse();
            assertThat(body.path("polygon_type").asText()).isEqualTo("quadrilateral");
            assertThat(body.path("enable_pbr").asBoolean()).isTrue();
            assertThat(body.path("image_base64").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(TestImages.png(128, 128)));
            assertThat(body.path("multi_view_images").get(0).path("ViewType").asText())
                    .isEqualTo("back");
            assertThat(body.path("multi_view_images")
                            .get(0)
                            .path("ViewImageUrl")
                            .asText())
                    .isEqualTo("https://i/b.jpg");

            ObjectNode geometry = adapter.createBody(validator.settings(job(
                    List.of(), "a vase", "{\"generate_type\":\"Geometry\",\"enable_pbr\":true,\"face_count\":9000}")));
            assertThat(geometry.has("enable_pbr")).isFalse();
            assertThat(geometry.path("face_count").asInt()).isEqualTo(9000);
            assertThat(geometry.has("polygon_type")).isFalse();
        } finally {
            adapter.close();
            vertx.closeAndAwait();
        }
    }

    @Test
    void theBodyShapeIsChosenByConfiguration() {
        Vertx vertx = Vertx.vertx();
        HunyuanAdapter wrapped = new HunyuanAdapter(
                vertx,
                TestConfigs.providers(Map.of("kiln.providers.hunyuan.wrap-input", "true"))
                        .hunyuan(),
                Clock.systemUTC());
        try {
            ObjectNode body = wrapped.createBody(validator.settings(job(List.of(), "a vase", "{}")));

            assertThat(body.path("model").asText()).isEqualTo("tencent_hunyuan_3d_pro");
            assertThat(body.path("input").get(0).path("prompt").asText()).isEqualTo("a vase");
            assertThat(body.has("prompt")).isFalse();
            assertThat(body.path("metadata").isObject()).isTrue();
        } finally {
            wrapped.close();
            vertx.closeAndAwait();
        }
    }

    private static final String HELLO = "hello world";

    private static List<String> mainImageCodes(HunyuanRequestValidator validator, byte[] image, String mediaType) {
        return codes(validator.validate(job(List.of(inline(image, mediaType, null)), null, "{}")));
    }

    /** The header bytes of a width×height image in each format Hunyuan takes for its main image. */
    private static Map<String, byte[]> headers(int width, int height) {
        return Map.of(
                "image/png", TestImages.pngHeader(width, height),
                "image/jpeg", TestImages.jpegHeader(width, height, 0xc0, Segment.app(1, "Exif", 2_000)),
                "image/webp", TestImages.webpExtended(width, height));
    }

    @Test
    void eachSideOfAnInlineImageIsFrom128To5000Pixels() {
        for (int[] ok : new int[][] {{128, 128}, {5000, 5000}, {128, 5000}, {5000, 128}, {1024, 768}}) {
            headers(ok[0], ok[1]).forEach((mediaType, bytes) -> assertThat(
                            validator.validate(job(List.of(inline(bytes, mediaType, null)), null, "{}")))
                    .as("%s %d×%d", mediaType, ok[0], ok[1])
                    .isEmpty());
        }
        for (int[] small : new int[][] {{127, 128}, {128, 127}, {127, 5000}, {1, 1}}) {
            headers(small[0], small[1])
                    .forEach((mediaType, bytes) -> assertThat(mainImageCodes(validator, bytes, mediaType))
                            .as("%s %d×%d", mediaType, small[0], small[1])
                            .containsExactly("IMAGE_TOO_SMALL"));
        }
        for (int[] large : new int[][] {{5001, 5000}, {5000, 5001}, {128, 5001}, {16000, 16000}}) {
            headers(large[0], large[1])
                    .forEach((mediaType, bytes) -> assertThat(mainImageCodes(validator, bytes, mediaType))
                            .as("%s %d×%d", mediaType, large[0], large[1])
                            .containsExactly("IMAGE_TOO_LARGE"));
        }
        assertThat(mainImageCodes(validator, TestImages.pngHeader(127, 5001), "image/png"))
                .containsExactly("IMAGE_TOO_SMALL", "IMAGE_TOO_LARGE");
        assertThat(validator.validate(job(List.of(inline(TestImages.png(64, 64), "image/png", null)), null, "{}")))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("64×64 px").contains("128 to 5000"));
    }

    @Test
    void extraViewsFollowTheSamePixelRule() {
        byte[] main = TestImages.png(512, 512);
        assertThat(codes(validator.validate(job(
                        List.of(
                                inline(main, "image/png", null),
                                inline(TestImages.jpegHeader(127, 600, 0xc2), "image/jpeg", "left"),
                                inline(TestImages.pngHeader(600, 5001), "image/png", "back"),
                                inline(TestImages.pngHeader(5000, 128), "image/png", "right")),
                        null,
                        "{}"))))
                .containsExactly("IMAGE_TOO_SMALL", "IMAGE_TOO_LARGE");
    }

    @Test
    void theSideLimitsAreConfigurable() {
        HunyuanRequestValidator wide = new HunyuanRequestValidator(TestConfigs.providers(Map.of(
                        "kiln.providers.hunyuan.image-side-min", "64",
                        "kiln.providers.hunyuan.image-side-max", "8000"))
                .hunyuan());
        assertThat(mainImageCodes(wide, TestImages.png(64, 64), "image/png")).isEmpty();
        assertThat(mainImageCodes(wide, TestImages.pngHeader(8000, 7000), "image/png"))
                .isEmpty();
        assertThat(mainImageCodes(wide, TestImages.pngHeader(63, 100), "image/png"))
                .containsExactly("IMAGE_TOO_SMALL");
    }

    @Test
    void inlineBytesMustBeAnImageOfTheDeclaredType() {
        assertThat(mainImageCodes(validator, HELLO.getBytes(StandardCharsets.US_ASCII), "image/png"))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(mainImageCodes(validator, TestImages.jpeg(200, 200), "image/png"))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(mainImageCodes(validator, TestImages.png(200, 200), "image/webp"))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(mainImageCodes(validator, Arrays.copyOf(TestImages.pngHeader(200, 200), 20), "image/png"))
                .containsExactly("IMAGE_NOT_DECODABLE");
        assertThat(mainImageCodes(validator, TestImages.jpeg(200, 300), "image/jpeg"))
                .isEmpty();
        // A URL is not fetched at intake: its pixels are the provider's to judge.
        assertThat(validator.validate(job(List.of(url("https://i/tiny.png")), null, "{}")))
                .isEmpty();
    }
}
