package dev.kiln.provider.meshy;

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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshyRequestValidatorTest {
    private final MeshyImageTo3dRequestValidator single =
            new MeshyImageTo3dRequestValidator(TestConfigs.providers().meshy(), false);
    private final MeshyImageTo3dRequestValidator multi =
            new MeshyImageTo3dRequestValidator(TestConfigs.providers().meshy(), true);
    private final MeshyFigureRequestValidator figure =
            new MeshyFigureRequestValidator(TestConfigs.providers().meshy());

    private static JobRequest image(String options) {
        return request(ProviderNames.MESHY_IMAGE_TO_3D, List.of(url("https://i/a.png")), null, List.of(), options);
    }

    @Test
    void everyDocumentedOptionIsAccepted() {
        assertThat(single.validate(
                        image("{\"model_type\":\"standard\",\"ai_model\":\"meshy-6\",\"should_texture\":true,"
                                + "\"enable_pbr\":true,\"hd_texture\":true,\"texture_prompt\":\"brass\",\"should_remesh\":true,"
                                + "\"topology\":\"quad\",\"target_polycount\":300000,\"decimation_mode\":2,"
                                + "\"save_pre_remeshed_model\":true,\"symmetry_mode\":\"on\",\"pose_mode\":\"t-pose\","
                                + "\"image_enhancement\":false,\"remove_lighting\":false,\"moderation\":true,\"auto_size\":true,"
                                + "\"origin_at\":\"center\"}")))
                .isEmpty();
    }

    @Test
    void valuesAndRangesAreChecked() {
        assertThat(codes(single.validate(image("{\"model_type\":\"hi\"}")))).containsExactly("OPTION_INVALID");
        assertThat(codes(single.validate(image("{\"ai_model\":\"meshy-4\"}")))).containsExactly("OPTION_INVALID");
        assertThat(codes(single.validate(image("{\"topology\":\"hex\"}")))).containsExactly("OPTION_INVALID");
        assertThat(codes(single.validate(image("{\"target_polycount\":99}")))).containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(codes(single.validate(image("{\"target_polycount\":300001}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(codes(single.validate(image("{\"decimation_mode\":5}")))).containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(codes(single.validate(image("{\"symmetry_mode\":\"maybe\"}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(codes(single.validate(image("{\"pose_mode\":\"x-pose\"}")))).containsExactly("OPTION_INVALID");
        assertThat(codes(single.validate(image("{\"origin_at\":\"top\"}")))).containsExactly("OPTION_INVALID");
        assertThat(codes(single.validate(image("{\"texture_prompt\":\"" + "x".repeat(601) + "\"}"))))
                .containsExactly("OPTION_TOO_LONG");
        assertThat(codes(single.validate(image("{\"is_a_t_pose\":true}")))).containsExactly("UNSUPPORTED_OPTION");
        assertThat(codes(single.validate(image("{\"colour\":\"red\"}")))).containsExactly("UNKNOWN_OPTION");
    }

    @Test
    void combinationsTheApiRefusesAreCaughtFirst() {
        assertThat(codes(single.validate(image("{\"enable_pbr\":true,\"should_texture\":false}"))))
                .containsExactly("OPTION_CONFLICT");
        assertThat(codes(single.validate(image("{\"ai_model\":\"meshy-5\",\"hd_texture\":true,"
                        + "\"image_enhancement\":false,\"remove_lighting\":true}"))))
                .containsExactly("OPTION_CONFLICT", "OPTION_CONFLICT", "OPTION_CONFLICT");
        assertThat(codes(
                        single.validate(image("{\"texture_prompt\":\"a\",\"texture_image_url\":\"https://t/x.png\"}"))))
                .containsExactly("OPTION_CONFLICT");
        assertThat(codes(single.validate(image("{\"texture_image_url\":\"https://t/x.gif\"}"))))
                .containsExactly("UNSUPPORTED_IMAGE_TYPE");
    }

    @Test
    void imagesAndInputTasksFollowEachApisCounts() {
        JobRequest none = request(ProviderNames.MESHY_IMAGE_TO_3D, List.of(), null, List.of(), "{}");
        JobRequest byTask =
                request(ProviderNames.MESHY_IMAGE_TO_3D, List.of(), null, List.of(), "{\"input_task_id\":\"t\"}");
        List<ImageInput> five = List.of(
                url("https://i/1.png"),
                url("https://i/2.png"),
                url("https://i/3.png"),
                url("https://i/4.png"),
                url("https://i/5.png"));

        assertThat(codes(single.validate(none))).containsExactly("MISSING_IMAGE");
        assertThat(single.validate(byTask)).isEmpty();
        assertThat(codes(multi.validate(byTask))).contains("UNKNOWN_OPTION");
        assertThat(codes(single.validate(
                        request(ProviderNames.MESHY_IMAGE_TO_3D, five.subList(0, 2), null, List.of(), "{}"))))
                .containsExactly("TOO_MANY_IMAGES");
        assertThat(multi.validate(
                        request(ProviderNames.MESHY_MULTI_IMAGE_TO_3D, five.subList(0, 4), null, List.of(), "{}")))
                .isEmpty();
        assertThat(codes(multi.validate(request(ProviderNames.MESHY_MULTI_IMAGE_TO_3D, five, null, List.of(), "{}"))))
                .containsExactly("TOO_MANY_IMAGES");
        assertThat(codes(single.validate(request(
                        ProviderNames.MESHY_IMAGE_TO_3D,
                        List.of(url("https://i/a.webp")),
                        null,
                        List.of("gltf"),
                        "{}"))))
                .containsExactly("UNSUPPORTED_IMAGE_TYPE", "UNSUPPORTED_FORMAT");
    }

    @Test
    void targetFormatsComeFromTheRequestedFormats() {
        JobRequest job = request(
                ProviderNames.MESHY_MULTI_IMAGE_TO_3D,
                List.of(url("https://i/a.png"), inline(TestImages.png(8, 8), "image/png", null)),
                null,
                List.of("obj", "3mf", "obj"),
                "{\"model_type\":\"lowpoly\",\"topology\":\"quad\"}");

        ObjectNode body = multi.body(job);

        assertThat(body.path("target_formats").toString()).isEqualTo("[\"obj\",\"3mf\"]");
        assertThat(body.path("image_urls").get(1).asText())
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(8, 8)));
        assertThat(body.has("topology")).isFalse();
        assertThat(single.body(image("{}")).has("target_formats")).isFalse();
    }

    @Test
    void aFigureIsOnePhotoWithAnOptionalName() {
        assertThat(figure.validate(request(
                        ProviderNames.MESHY_FIGURE,
                        List.of(url("https://p/me.webp")),
                        null,
                        List.of("glb", "obj"),
                        "{\"name\":\"me\"}")))
                .isEmpty();
        assertThat(codes(figure.validate(request(
                        ProviderNames.MESHY_FIGURE,
                        List.of(),
                        null,
                        List.of("stl"),
                        "{\"name\":\"" + "n".repeat(101) + "\"}"))))
                .containsExactlyInAnyOrder("MISSING_IMAGE", "UNSUPPORTED_FORMAT", "OPTION_TOO_LONG");
    }

    private static JobRequest inlineJob(String provider, byte[] image, String mediaType, String options) {
        return request(provider, List.of(inline(image, mediaType, null)), null, List.of(), options);
    }

    @Test
    void inlineImagesMustBeWhatTheirMediaTypeSaysButAnyPixelSizeGoes() {
        byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
        for (MeshyImageTo3dRequestValidator validator : List.of(single, multi)) {
            String provider = validator.provider();
            assertThat(codes(validator.validate(inlineJob(provider, hello, "image/png", "{}"))))
                    .as(provider)
                    .containsExactly("IMAGE_TYPE_MISMATCH");
            assertThat(codes(validator.validate(inlineJob(provider, TestImages.png(40, 40), "image/jpeg", "{}"))))
                    .as(provider)
                    .containsExactly("IMAGE_TYPE_MISMATCH");
            // Seed 003 names .jpg .jpeg .png and no pixel limits.
            assertThat(validator.validate(inlineJob(provider, TestImages.png(1, 1), "image/png", "{}")))
                    .as(provider)
                    .isEmpty();
            assertThat(validator.validate(
                            inlineJob(provider, TestImages.jpegHeader(12_000, 9_000, 0xc2), "image/jpeg", "{}")))
                    .as(provider)
                    .isEmpty();
        }
        assertThat(codes(figure.validate(inlineJob(ProviderNames.MESHY_FIGURE, hello, "image/webp", "{}"))))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(codes(figure.validate(inlineJob(
                        ProviderNames.MESHY_FIGURE,
                        Arrays.copyOf(TestImages.jpegHeader(400, 400, 0xc0), 10),
                        "image/jpeg",
                        "{}"))))
                .containsExactly("IMAGE_NOT_DECODABLE");
        // Seed 004 refuses "too small" and "too many pixels" without numbers: only the signature is checked.
        assertThat(figure.validate(
                        inlineJob(ProviderNames.MESHY_FIGURE, TestImages.webpLossy(16, 16), "image/webp", "{}")))
                .isEmpty();
        assertThat(figure.validate(inlineJob(
                        ProviderNames.MESHY_FIGURE, TestImages.webpExtended(9_000, 9_000), "image/webp", "{}")))
                .isEmpty();
    }

    @Test
    void aTextureImageGivenAsDataUriIsCheckedLikeAnInlineImage() {
        String png = Base64.getEncoder().encodeToString(TestImages.png(32, 32));
        String hello = Base64.getEncoder().encodeToString("hello world".getBytes(StandardCharsets.US_ASCII));
        assertThat(single.validate(image("{\"texture_image_url\":\"data:image/png;base64," + png + "\"}")))
                .isEmpty();
        assertThat(codes(single.validate(image("{\"texture_image_url\":\"data:image/png;base64," + hello + "\"}"))))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(codes(single.validate(image("{\"texture_image_url\":\"data:image/jpeg;base64," + png + "\"}"))))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(codes(single.validate(image("{\"texture_image_url\":\"data:image/webp;base64," + png + "\"}"))))
                .containsExactly("UNSUPPORTED_IMAGE_TYPE");
        assertThat(codes(single.validate(image("{\"texture_image_url\":\"data:image/png," + png + "\"}"))))
                .containsExactly("INVALID_IMAGE_DATA");
    }
}
