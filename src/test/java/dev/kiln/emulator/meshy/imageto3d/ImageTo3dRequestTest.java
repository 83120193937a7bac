package dev.kiln.emulator.meshy.imageto3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.emulator.meshy.ImageInputSamples;
import dev.kiln.emulator.meshy.http.JsonBody;
import dev.kiln.emulator.meshy.http.MeshyError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTo3dRequestTest {

    static final String IMAGE = "https://images.example.com/chair.png";

    private static ImageTo3dRequest single(String json) {
        return ImageTo3dRequest.single(JsonBody.parse(Buffer.buffer(json)));
    }

    @Test
    void theSeedsSimpleRequestMakesEveryFormatButThreeMf() {
        ImageTo3dRequest request =
                single(new JsonObject().put("image_url", IMAGE).encode());
        assertThat(request.outputs().models()).containsOnlyKeys("glb", "fbx", "obj", "mtl", "usdz", "stl");
        assertThat(request.outputs().textures()).containsOnlyKeys("base_color");
        assertThat(request.cost()).isEqualTo(30);
        assertThat(request.moderationBlocked()).isFalse();
    }

    @Test
    void theSeedsPbrRemeshRequestMakesOnlyGlbWithPbrMaps() {
        ImageTo3dRequest request = single(
                """
                {"image_url": "%s", "enable_pbr": true, "should_remesh": true, "target_polycount": 100000,
                 "should_texture": true, "pose_mode": "a-pose", "target_formats": ["glb"]}"""
                        .formatted(IMAGE));
        assertThat(request.outputs().models()).containsOnlyKeys("glb");
        assertThat(request.outputs().textures())
                .containsOnlyKeys("base_color", "metallic", "normal", "roughness", "emission");
    }

    @Test
    void meshy5HasNoEmissionMapAndRemeshesByDefault() {
        ImageTo3dRequest request = single(
                """
                {"image_url": "%s", "ai_model": "meshy-5", "enable_pbr": true, "save_pre_remeshed_model": true,
                 "target_formats": ["obj", "3mf"]}"""
                        .formatted(IMAGE));
        assertThat(request.outputs().textures()).containsOnlyKeys("base_color", "metallic", "normal", "roughness");
        assertThat(request.outputs().models()).containsOnlyKeys("obj", "mtl", "3mf", "pre_remeshed_glb");
    }

    @Test
    void meshOnlyHasNoTexturesAndNoMtl() {
        ImageTo3dRequest request = single(
                """
                {"image_url": "%s", "should_texture": false, "target_formats": ["obj", "stl"]}"""
                        .formatted(IMAGE));
        assertThat(request.outputs().models()).containsOnlyKeys("obj", "stl");
        assertThat(request.outputs().textures()).isEmpty();
        assertThat(request.cost()).isEqualTo(20);
    }

    @Test
    void lowpolyIgnoresThePolycountRange() {
        ImageTo3dRequest request =
                single("""
                {"image_url": "%s", "model_type": "lowpoly", "target_polycount": 5}"""
                        .formatted(IMAGE));
        assertThat(request.outputs().models()).containsKey("glb");
    }

    @Test
    void aDataUriImageIsAccepted() {
        assertThat(single(new JsonObject()
                                .put("image_url", ImageInputSamples.PNG_DATA_URI)
                                .encode())
                        .outputs()
                        .models())
                .containsKey("glb");
    }

    @Test
    void moderationOnWithAFlaggedInputFailsTheTask() {
        String flagged = "https://images.example.com/moderation-blocked.png";
        assertThat(single("{\"image_url\": \"%s\", \"moderation\": true}".formatted(flagged))
                        .moderationBlocked())
                .isTrue();
        assertThat(single("{\"image_url\": \"%s\"}".formatted(flagged)).moderationBlocked())
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            no input                  | {}                                                                   | image_url or input_task_id
            input task not emulated   | {"input_task_id": "018a210d-8ba4-705c-b111-1f1776f7f578", "image_url": "https://x.example/a.png"} | Invalid input_task_id
            gif image                 | {"image_url": "https://x.example/a.gif"}                              | unsupported image format
            webp image                | {"image_url": "https://x.example/a.webp"}                             | unsupported image format
            unreachable url           | {"image_url": "https://gone.invalid/a.png"}                           | not reachable
            not http                  | {"image_url": "ftp://x.example/a.png"}                                | http(s)
            data uri bad base64       | {"image_url": "data:image/png;base64,@@@"}                            | malformed base64
            data uri wrong bytes      | {"image_url": "data:image/jpeg;base64,aGVsbG8gd29ybGQ="}              | not a jpeg image
            data uri not image        | {"image_url": "data:text/plain;base64,aGVsbG8="}                       | not a valid data URI
            pbr without texture       | {"image_url": "https://x.example/a.png", "should_texture": false, "enable_pbr": true} | enable_pbr requires should_texture
            unknown model_type        | {"image_url": "https://x.example/a.png", "model_type": "hipoly"}        | model_type must be one of
            unknown ai_model          | {"image_url": "https://x.example/a.png", "ai_model": "meshy-4"}         | ai_model must be one of
            unknown topology          | {"image_url": "https://x.example/a.png", "topology": "ngon"}            | topology must be one of
            polycount too low         | {"image_url": "https://x.example/a.png", "target_polycount": 99}        | target_polycount must be between 100 and 300000
            polycount too high        | {"image_url": "https://x.example/a.png", "target_polycount": 300001}    | target_polycount must be between 100 and 300000
            polycount not integer     | {"image_url": "https://x.example/a.png", "target_polycount": 1000.5}    | target_polycount must be an integer
            decimation out of range   | {"image_url": "https://x.example/a.png", "decimation_mode": 5}          | decimation_mode must be between 1 and 4
            unknown symmetry          | {"image_url": "https://x.example/a.png", "symmetry_mode": "maybe"}      | symmetry_mode must be one of
            unknown pose              | {"image_url": "https://x.example/a.png", "pose_mode": "x-pose"}         | pose_mode must be one of
            unknown origin            | {"image_url": "https://x.example/a.png", "origin_at": "top"}            | origin_at must be one of
            unknown format            | {"image_url": "https://x.example/a.png", "target_formats": ["blend"]}   | unsupported format "blend"
            no formats                | {"image_url": "https://x.example/a.png", "target_formats": []}          | at least one format
            boolean as string         | {"image_url": "https://x.example/a.png", "should_texture": "yes"}       | should_texture must be a boolean
            image_url not string      | {"image_url": 42}                                                      | image_url must be a string
            texture image gif         | {"image_url": "https://x.example/a.png", "texture_image_url": "https://x.example/t.gif"} | texture_image_url has an unsupported
            """)
    void everyDocumentedRuleAnswers400(String rule, String body, String expectedMessage) {
        assertThatThrownBy(() -> single(body))
                .isInstanceOfSatisfying(
                        MeshyError.class, error -> assertThat(error.status()).isEqualTo(400))
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void aTexturePromptOver600CharactersIsRefused() {
        String body = new JsonObject()
                .put("image_url", IMAGE)
                .put("texture_prompt", "x".repeat(601))
                .encode();
        assertThatThrownBy(() -> single(body)).hasMessageContaining("texture_prompt must be at most 600");
        assertThat(single(new JsonObject()
                                .put("image_url", IMAGE)
                                .put("texture_prompt", "x".repeat(600))
                                .encode())
                        .texturePrompt())
                .hasSize(600);
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertThatThrownBy(() -> single("{\"image_url\": ")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> single("[1]")).hasMessageContaining("JSON object");
    }

    @Test
    void multiImageTakesOneToFourImages() {
        assertThatThrownBy(() -> ImageTo3dRequest.multi(JsonBody.parse(Buffer.buffer("{\"image_urls\": []}"))))
                .hasMessageContaining("image_urls is required");
        String five = new JsonObject()
                .put("image_urls", Collections.nCopies(5, IMAGE))
                .encode();
        assertThatThrownBy(() -> ImageTo3dRequest.multi(JsonBody.parse(Buffer.buffer(five))))
                .hasMessageContaining("at most 4");
        String badSecond = new JsonObject()
                .put("image_urls", List.of(IMAGE, "https://x.example/b.bmp"))
                .encode();
        assertThatThrownBy(() -> ImageTo3dRequest.multi(JsonBody.parse(Buffer.buffer(badSecond))))
                .hasMessageContaining("image_urls[1]");
        String four = new JsonObject()
                .put("image_urls", Collections.nCopies(4, IMAGE))
                .encode();
        assertThat(ImageTo3dRequest.multi(JsonBody.parse(Buffer.buffer(four)))
                        .outputs()
                        .models())
                .containsKey("glb");
    }
}
