package dev.kiln.provider.hitem3d;

import static dev.kiln.provider.Requests.codes;
import static dev.kiln.provider.Requests.inline;
import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contract.JobRequest;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.TestImages;
import dev.kiln.provider.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hitem3dRequestValidatorTest {
    private final Hitem3dRequestValidator validator =
            new Hitem3dRequestValidator(TestConfigs.providers().hitem3d());

    private static JobRequest single(List<String> formats, String options) {
        return request(ProviderNames.HITEM3D, List.of(url("https://img.example/cat.png")), null, formats, options);
    }

    @Test
    void acceptsADocumentedSingleImageRequest() {
        JobRequest request =
                single(List.of("glb"), "{\"model\":\"hitem3dv1.5\",\"resolution\":\"1536pro\",\"face\":2000000}");

        assertThat(validator.validate(request)).isEmpty();
        Hitem3dSettings settings = validator.settings(request);
        assertThat(settings.formatCode()).isEqualTo(2);
        assertThat(settings.requestType()).isEqualTo(3);
        assertThat(settings.resolution()).isEqualTo("1536pro");
    }

    @Test
    void defaultsComeFromConfiguration() {
        Hitem3dSettings settings = validator.settings(single(List.of(), "{}"));

        assertThat(settings.model()).isEqualTo("hitem3dv1.5");
        assertThat(settings.resolution()).isEqualTo("1024");
        assertThat(settings.format()).isEqualTo("obj");
        assertThat(settings.formatCode()).isEqualTo(1);
    }

    @Test
    void resolutionMustBeAllowedForTheModel() {
        assertThat(codes(validator.validate(single(List.of(), "{\"model\":\"hitem3dv1\",\"resolution\":\"1536pro\"}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(codes(validator.validate(
                        single(List.of(), "{\"model\":\"scene-portraitv1.5\",\"resolution\":1024}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(validator.validate(single(List.of(), "{\"model\":\"scene-portraitv1.5\",\"resolution\":1536}")))
                .isEmpty();
    }

    @Test
    void faceMustBeInTheDocumentedRange() {
        assertThat(codes(validator.validate(single(List.of(), "{\"face\":99999}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(codes(validator.validate(single(List.of(), "{\"face\":2000001}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
        assertThat(validator.validate(single(List.of(), "{\"face\":\"100000\"}")))
                .isEmpty();
    }

    @Test
    void unknownModelsFormatsAndOptionsAreRejected() {
        assertThat(codes(validator.validate(single(List.of("usdz"), "{\"model\":\"hitem3dv9\",\"colour\":1}"))))
                .containsExactlyInAnyOrder("OPTION_INVALID", "UNSUPPORTED_FORMAT", "UNKNOWN_OPTION");
    }

    @Test
    void exactlyOneFormatPerTask() {
        assertThat(codes(validator.validate(single(List.of("glb", "obj"), "{}"))))
                .containsExactly("TOO_MANY_FORMATS");
    }

    @Test
    void textureOnlyNeedsAMeshUrlFromHttp() {
        assertThat(codes(validator.validate(single(List.of(), "{\"request_type\":2}"))))
                .containsExactly("MISSING_OPTION");
        assertThat(codes(validator.validate(single(List.of(), "{\"request_type\":2,\"mesh_url\":\"ftp://x/0.glb\"}"))))
                .containsExactly("OPTION_INVALID");
        assertThat(validator.validate(single(List.of(), "{\"request_type\":2,\"mesh_url\":\"https://h/0.glb\"}")))
                .isEmpty();
        assertThat(codes(validator.validate(single(List.of(), "{\"request_type\":4}"))))
                .containsExactly("OPTION_OUT_OF_RANGE");
    }

    @Test
    void stagedJobsRunMeshThenTexture() {
        JobRequest staged = single(List.of("glb"), "{\"staged\":true}");
        assertThat(validator.validate(staged)).isEmpty();
        assertThat(validator.settings(staged).staged()).isTrue();
        assertThat(codes(validator.validate(single(List.of(), "{\"staged\":true,\"request_type\":1}"))))
                .containsExactly("OPTION_CONFLICT");
    }

    @Test
    void aModelWithoutTextureStageRefusesStagedJobs() {
        Hitem3dRequestValidator v2 = new Hitem3dRequestValidator(TestConfigs.providers(Map.of(
                        "kiln.providers.hitem3d.models.\"hitem3dv2.0\".resolutions", "1536",
                        "kiln.providers.hitem3d.models.\"hitem3dv2.0\".texture-stage", "false"))
                .hitem3d());

        assertThat(codes(v2.validate(single(List.of(), "{\"model\":\"hitem3dv2.0\",\"staged\":true}"))))
                .containsExactly("OPTION_CONFLICT");
    }

    @Test
    void multiViewImagesAreOrderedFrontBackLeftRight() {
        JobRequest request = request(
                ProviderNames.HITEM3D,
                List.of(url("https://i/b.png", "back"), url("https://i/f.png", "front")),
                null,
                List.of(),
                "{}");

        assertThat(validator.validate(request)).isEmpty();
        assertThat(validator.settings(request).images())
                .extracting(JobRequest.ImageInput::view)
                .containsExactly("front", "back");
        assertThat(validator.settings(request).viewBits()).isEqualTo("1100");
    }

    @Test
    void multiViewRulesAreChecked() {
        List<Violation> tooMany = validator.validate(request(
                ProviderNames.HITEM3D,
                List.of(
                        url("https://i/1.png", "front"),
                        url("https://i/2.png", "back"),
                        url("https://i/3.png", "left"),
                        url("https://i/4.png", "right"),
                        url("https://i/5.png", "top")),
                null,
                List.of(),
                "{}"));
        assertThat(codes(tooMany)).contains("TOO_MANY_IMAGES", "INVALID_VIEW");

        List<Violation> gap = validator.validate(request(
                ProviderNames.HITEM3D,
                List.of(url("https://i/1.png", "front"), url("https://i/3.png", "left")),
                null,
                List.of(),
                "{}"));
        assertThat(codes(gap)).containsExactly("VIEWS_NOT_CONTIGUOUS");

        List<Violation> twice = validator.validate(request(
                ProviderNames.HITEM3D,
                List.of(url("https://i/1.png", "front"), url("https://i/2.png", "front")),
                null,
                List.of(),
                "{}"));
        assertThat(codes(twice)).containsExactly("DUPLICATE_VIEW");
    }

    @Test
    void imagesMustBeOfAnAllowedTypeSizeAndPresent() {
        assertThat(codes(validator.validate(
                        request(ProviderNames.HITEM3D, List.of(url("https://i/cat.gif")), null, List.of(), "{}"))))
                .containsExactly("UNSUPPORTED_IMAGE_TYPE");
        assertThat(codes(validator.validate(request(
                        ProviderNames.HITEM3D,
                        List.of(inline(new byte[0], "image/png", null)),
                        null,
                        List.of(),
                        "{}"))))
                .containsExactly("EMPTY_IMAGE");
        assertThat(codes(validator.validate(request(ProviderNames.HITEM3D, List.of(), null, List.of(), "{}"))))
                .containsExactly("MISSING_IMAGE");
        assertThat(codes(validator.validate(
                        request(ProviderNames.HITEM3D, List.of(url("https://i/c.png")), "a cat", List.of(), "{}"))))
                .containsExactly("UNSUPPORTED_INPUT");
        Hitem3dRequestValidator small = new Hitem3dRequestValidator(
                TestConfigs.providers(Map.of("kiln.providers.hitem3d.max-image-bytes", "10"))
                        .hitem3d());
        assertThat(codes(small.validate(request(
                        ProviderNames.HITEM3D,
                        List.of(inline(TestImages.png(1, 1), "image/png", null)),
                        null,
                        List.of(),
                        "{}"))))
                .containsExactly("IMAGE_TOO_LARGE");
    }

    private List<String> inlineCodes(byte[] image, String mediaType) {
        return codes(validator.validate(
                request(ProviderNames.HITEM3D, List.of(inline(image, mediaType, null)), null, List.of(), "{}")));
    }

    @Test
    void inlineImagesMustBeWhatTheirMediaTypeSaysButAnyPixelSizeGoes() {
        assertThat(inlineCodes("hello world".getBytes(StandardCharsets.US_ASCII), "image/png"))
                .containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(inlineCodes(TestImages.jpeg(300, 300), "image/webp")).containsExactly("IMAGE_TYPE_MISMATCH");
        assertThat(inlineCodes(Arrays.copyOf(TestImages.webpLossy(300, 300), 24), "image/webp"))
                .containsExactly("IMAGE_NOT_DECODABLE");
        // Seed 000 gives formats and 20 MB, no pixel limits: neither a tiny nor a huge picture is refused here.
        assertThat(inlineCodes(TestImages.png(1, 1), "image/png")).isEmpty();
        assertThat(inlineCodes(TestImages.jpegHeader(20_000, 20_000, 0xc0), "image/jpeg"))
                .isEmpty();
        assertThat(inlineCodes(TestImages.webpLossless(16_384, 16_384), "image/webp"))
                .isEmpty();
    }
}
