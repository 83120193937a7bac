package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Assets;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.testing.ModelFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What a finished task's files hold: its face count, its PBR maps, its own mesh, and nothing once deleted. */
class ImageTo3dModelFilesTest extends MeshyEmulatorTestBase {
    private static final String PATH = ImageTo3dApiTest.PATH;
    private static final JsonObject SIMPLE = ImageTo3dApiTest.SIMPLE;

    @Test
    void aRemeshedTaskHasTargetPolycountTrianglesInEveryFormat() {
        JsonObject body = SIMPLE.copy()
                .put("should_remesh", true)
                .put("target_polycount", 2_500)
                .put("target_formats", new JsonArray().add("glb").add("fbx"));
        JsonObject task = succeeded(body);

        JsonObject urls = task.getJsonObject("model_urls");
        assertThat(ModelFiles.glbTriangles(client.downloadBytes(urls.getString("glb"))))
                .isEqualTo(2_500);
        assertThat(ModelFiles.fbxTriangles(client.downloadBytes(urls.getString("fbx"))))
                .isEqualTo(2_500);
    }

    @Test
    void remeshingWithoutATargetGivesTheDocumentedDefaultOf30000() {
        JsonObject body = SIMPLE.copy()
                .put("ai_model", "meshy-5") // remeshes by default
                .put("target_formats", new JsonArray().add("glb"));
        JsonObject task = succeeded(body);

        assertThat(ModelFiles.glbTriangles(
                        client.downloadBytes(task.getJsonObject("model_urls").getString("glb"))))
                .isEqualTo(30_000);
    }

    @Test
    void lowpolyAndAdaptiveDecimationIgnoreTheTarget() {
        for (JsonObject options : new JsonObject[] {
            new JsonObject().put("model_type", "lowpoly"),
            new JsonObject().put("should_remesh", true).put("decimation_mode", 3)
        }) {
            JsonObject body = SIMPLE.copy()
                    .mergeIn(options)
                    .put("target_polycount", 2_500)
                    .put("target_formats", new JsonArray().add("glb"));
            JsonObject task = succeeded(body);

            assertThat(ModelFiles.glbTriangles(client.downloadBytes(
                            task.getJsonObject("model_urls").getString("glb"))))
                    .as(options.encode())
                    .isEqualTo(Geometry.DEFAULT_FACES);
        }
    }

    @Test
    void aPbrTasksGlbReferencesBaseColourMetallicRoughnessAndNormalTextures() {
        JsonObject body = SIMPLE.copy().put("enable_pbr", true).put("target_formats", new JsonArray().add("glb"));
        JsonObject task = succeeded(body);

        JsonObject gltf = ModelFiles.gltf(
                client.downloadBytes(task.getJsonObject("model_urls").getString("glb")));
        JsonObject material = gltf.getJsonArray("materials").getJsonObject(0);
        JsonObject pbr = material.getJsonObject("pbrMetallicRoughness");
        assertThat(pbr.getJsonObject("baseColorTexture").getInteger("index")).isZero();
        assertThat(pbr.getJsonObject("metallicRoughnessTexture").getInteger("index"))
                .isEqualTo(1);
        assertThat(material.getJsonObject("normalTexture").getInteger("index")).isEqualTo(2);
        assertThat(gltf.getJsonArray("images")).hasSize(3);
        gltf.getJsonArray("images").forEach(image -> assertThat(((JsonObject) image).getString("mimeType"))
                .isEqualTo("image/png"));
    }

    @Test
    void withoutPbrTheGlbHasTheBaseColourOnly() {
        JsonObject task = succeeded(SIMPLE.copy().put("target_formats", new JsonArray().add("glb")));

        JsonObject gltf = ModelFiles.gltf(
                client.downloadBytes(task.getJsonObject("model_urls").getString("glb")));
        assertThat(gltf.getJsonArray("images")).hasSize(1);
        assertThat(gltf.getJsonArray("materials").getJsonObject(0).containsKey("normalTexture"))
                .isFalse();
    }

    @Test
    void twoTasksOfTheSameRequestServeDifferentFilesAndEachTheSameBytesEveryTime() {
        JsonObject body = SIMPLE.copy().put("target_formats", new JsonArray().add("glb"));
        JsonObject first = succeeded(body);
        JsonObject second = succeeded(body);
        String firstUrl = first.getJsonObject("model_urls").getString("glb");

        String firstSum = client.downloadChecksum(firstUrl);
        assertThat(client.downloadChecksum(client.getTask(PATH + "/" + first.getString("id"), KEY)
                        .getJsonObject("model_urls")
                        .getString("glb")))
                .isEqualTo(firstSum);
        assertThat(client.downloadChecksum(second.getJsonObject("model_urls").getString("glb")))
                .isNotEqualTo(firstSum);
        String id = first.getString("id");
        assertThat(firstSum)
                .isEqualTo(Assets.sha256(AssetSpec.model(
                        id + "/model.glb", AssetFormat.GLB, true, Geometry.of(id, Geometry.DEFAULT_FACES))));
    }

    @Test
    void aDeletedTasksModelAndTextureUrlsAnswer404() {
        JsonObject task = succeeded(SIMPLE);
        String glb = task.getJsonObject("model_urls").getString("glb");
        String texture = task.getJsonArray("texture_urls").getJsonObject(0).getString("base_color");
        assertThat(client.download(glb)).isEqualTo(200);

        assertThat(client.delete(PATH + "/" + task.getString("id"), KEY).statusCode())
                .isEqualTo(200);

        assertThat(client.download(glb)).isEqualTo(404);
        assertThat(client.download(texture)).isEqualTo(404);
        assertThat(client.download(task.getString("thumbnail_url"))).isEqualTo(404);
        assertThat(client.downloadText(glb).body()).contains("<Code>NoSuchKey</Code>");
    }

    private static JsonObject succeeded(JsonObject body) {
        String id = client.create(PATH, KEY, body, FAST);
        return client.awaitStatus(PATH + "/" + id, KEY, "SUCCEEDED");
    }
}
