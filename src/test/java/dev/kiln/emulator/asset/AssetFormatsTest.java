package dev.kiln.emulator.asset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.testing.ModelFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssetFormatsTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void glbIsValidBinaryGltfOfTheRequestedSize(boolean textured) {
        AssetSpec spec = new AssetSpec("task-glb", AssetFormat.GLB, 300_000, textured);
        ByteBuffer glb = ByteBuffer.wrap(Assets.generate(spec).readAll()).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(glb.capacity()).isEqualTo(300_000);
        assertThat(glb.getInt(0)).isEqualTo(0x46546c67);
        assertThat(glb.getInt(4)).isEqualTo(2);
        assertThat(glb.getInt(8)).isEqualTo(glb.capacity());
        int jsonLength = glb.getInt(12);
        assertThat(jsonLength % 4).isZero();
        assertThat(glb.getInt(16)).isEqualTo(0x4e4f534a);
        JsonObject gltf = new JsonObject(new String(glb.array(), 20, jsonLength, StandardCharsets.UTF_8));
        int binStart = 20 + jsonLength;
        int binLength = glb.getInt(binStart);
        assertThat(glb.getInt(binStart + 4)).isEqualTo(0x004e4942);
        assertThat(binStart + 8 + binLength).isEqualTo(glb.capacity());
        assertThat(gltf.getJsonObject("asset").getString("version")).isEqualTo("2.0");
        assertThat(gltf.getJsonArray("buffers").getJsonObject(0).getLong("byteLength"))
                .isEqualTo((long) binLength);

        JsonArray views = gltf.getJsonArray("bufferViews");
        for (int i = 0; i < views.size(); i++) {
            JsonObject view = views.getJsonObject(i);
            assertThat(view.getLong("byteOffset", 0L) + view.getLong("byteLength"))
                    .isLessThanOrEqualTo(binLength);
        }
        JsonObject positions = gltf.getJsonArray("accessors").getJsonObject(0);
        JsonObject positionView = views.getJsonObject(positions.getInteger("bufferView"));
        assertThat(positions.getLong("count") * 12).isEqualTo(positionView.getLong("byteLength"));
        int firstPosition = binStart + 8 + positionView.getInteger("byteOffset");
        for (int i = 0; i < positions.getInteger("count") * 3; i++) {
            assertThat(glb.getFloat(firstPosition + 4 * i)).isBetween(-1f, 1f);
        }
        if (textured) {
            JsonObject image = gltf.getJsonArray("images").getJsonObject(0);
            JsonObject imageView = views.getJsonObject(image.getInteger("bufferView"));
            byte[] png = new byte[imageView.getInteger("byteLength")];
            glb.get(binStart + 8 + imageView.getInteger("byteOffset"), png);
            assertThat(decode(png).getWidth()).isEqualTo(PngImage.SIZE);
            assertThat(gltf.getJsonArray("accessors").getJsonObject(1).getString("type"))
                    .isEqualTo("VEC2");
        } else {
            assertThat(gltf.containsKey("images")).isFalse();
        }
    }

    @Test
    void stlTriangleCountMatchesItsSize() {
        AssetSpec spec = new AssetSpec("task-stl", AssetFormat.STL, 84 + 50 * 1234, true);
        ByteBuffer stl = ByteBuffer.wrap(Assets.generate(spec).readAll()).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(stl.capacity()).isEqualTo(84 + 50 * 1234);
        assertThat(new String(stl.array(), 0, 5, StandardCharsets.US_ASCII)).isNotEqualTo("solid");
        assertThat(stl.getInt(80)).isEqualTo(1234);
        assertThat(stl.getInt(80)).isEqualTo((stl.capacity() - 84) / 50);
    }

    @Test
    void objHasItsMaterialUvsAndValidFacesAtTheExactSize() {
        AssetSpec spec = new AssetSpec("task-obj", AssetFormat.OBJ, 200_003, true);
        String obj = new String(Assets.generate(spec).readAll(), StandardCharsets.UTF_8);

        assertThat(obj.getBytes(StandardCharsets.UTF_8)).hasSize(200_003);
        List<String> lines = obj.lines().toList();
        long vertices = lines.stream().filter(l -> l.startsWith("v ")).count();
        long uvs = lines.stream().filter(l -> l.startsWith("vt ")).count();
        List<String> faces = lines.stream().filter(l -> l.startsWith("f ")).toList();
        assertThat(lines).contains("mtllib " + Assets.mtlNameFor(spec), "usemtl " + ObjAsset.MATERIAL);
        assertThat(vertices).isEqualTo(uvs).isEqualTo(faces.size() * 3L);
        for (String face : faces) {
            for (String corner : face.substring(2).split(" ")) {
                long index = Long.parseLong(corner.split("/")[0]);
                assertThat(index).isBetween(1L, vertices);
            }
        }
        String mtl = new String(
                Assets.generate(new AssetSpec("task-obj", AssetFormat.MTL, 0, true))
                        .readAll(),
                StandardCharsets.UTF_8);
        assertThat(mtl).contains("newmtl " + ObjAsset.MATERIAL, "map_Kd " + Assets.textureNameFor(spec));
    }

    @Test
    void objZipHoldsObjMtlAndTextureWithValidCrcs() throws IOException {
        AssetSpec spec = new AssetSpec("task-zip", AssetFormat.OBJ_ZIP, 500_000, true);
        byte[] zip = Assets.generate(spec).readAll();

        assertThat(zip).hasSizeLessThanOrEqualTo(500_000).hasSizeGreaterThan(499_000);
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries).containsOnlyKeys("model.obj", "model.mtl", "texture.png");
        assertThat(new String(entries.get("model.obj"), StandardCharsets.UTF_8)).contains("mtllib model.mtl");
        assertThat(new String(entries.get("model.mtl"), StandardCharsets.UTF_8)).contains("map_Kd texture.png");
        assertThat(decode(entries.get("texture.png")).getHeight()).isEqualTo(PngImage.SIZE);
    }

    @Test
    void usdzIsAnUncompressedZipWithTheStageFirstAndAlignedData() throws IOException {
        AssetSpec spec = new AssetSpec("task-usdz", AssetFormat.USDZ, 100_000, true);
        byte[] usdz = Assets.generate(spec).readAll();

        assertThat(usdz.length).isBetween(100_000 - 64, 100_000);
        Map<String, byte[]> entries = unzip(usdz);
        assertThat(entries.keySet()).containsExactly("model.usda", "texture.png");
        String usda = new String(entries.get("model.usda"), StandardCharsets.UTF_8);
        assertThat(usda).startsWith("#usda 1.0").contains("def Mesh \"Mesh\"", "primvars:st");
        // The stage ends with its closing brace; what fills the size after it are comment lines only.
        String afterStage = usda.substring(usda.indexOf("\n}\n") + 3);
        assertThat(afterStage.lines()).isNotEmpty().allMatch(line -> line.startsWith("#"));
        ByteBuffer buffer = ByteBuffer.wrap(usdz).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 0;
        for (int i = 0; i < 2; i++) {
            assertThat(buffer.getInt(offset)).isEqualTo(0x04034b50);
            assertThat(buffer.getShort(offset + 8)).isZero(); // stored
            int dataStart = offset + 30 + buffer.getShort(offset + 26) + buffer.getShort(offset + 28);
            assertThat(dataStart % 64).isZero();
            offset = dataStart + buffer.getInt(offset + 22);
        }
    }

    @Test
    void threeMfIsAnOpcPackageWithTheModelPart() throws IOException {
        AssetSpec spec = new AssetSpec("task-3mf", AssetFormat.THREE_MF, 50_000, true);
        byte[] threeMf = Assets.generate(spec).readAll();

        assertThat(threeMf.length).isBetween(49_000, 50_000);
        Map<String, byte[]> entries = unzip(threeMf);
        assertThat(entries.keySet()).containsExactly("[Content_Types].xml", "_rels/.rels", "3D/3dmodel.model");
        String model = new String(entries.get("3D/3dmodel.model"), StandardCharsets.UTF_8);
        assertThat(model).contains("<triangle v1=").endsWith("-->\n");
        assertThat(model.substring(model.indexOf("</model>"))).doesNotContain("<model");
    }

    @Test
    void fbxHasTheBinaryHeaderTopLevelRecordsEndingInTheNullRecordAndTheFooter() {
        AssetSpec spec = new AssetSpec("task-fbx", AssetFormat.FBX, 80_000, true);
        byte[] fbx = Assets.generate(spec).readAll();
        ByteBuffer buffer = ByteBuffer.wrap(fbx).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(fbx.length).isBetween(80_000 - 16, 80_000);
        assertThat(new String(fbx, 0, 23, StandardCharsets.US_ASCII)).isEqualTo("Kaydara FBX Binary  \0\u001a\0");
        assertThat(buffer.getInt(23)).isEqualTo(7400);
        List<String> names = new ArrayList<>();
        int offset = 27;
        while (buffer.getInt(offset) != 0) {
            int end = buffer.getInt(offset);
            names.add(new String(fbx, offset + 13, fbx[offset + 12], StandardCharsets.US_ASCII));
            assertThat(end).isGreaterThan(offset);
            offset = end;
        }
        assertThat(names)
                .containsExactly(
                        "FBXHeaderExtension",
                        "FileId",
                        "CreationTime",
                        "Creator",
                        "GlobalSettings",
                        "Definitions",
                        "Objects",
                        "Connections");
        for (int i = 0; i < 13; i++) {
            assertThat(fbx[offset + i]).isZero(); // the null record that ends the top-level list
        }
        assertThat(buffer.getInt(fbx.length - 16 - 120 - 4)).isEqualTo(7400);
        assertThat((fbx.length - 16 - 120 - 4) % 16).isZero();
        assertThat(fbx[fbx.length - 16]).isEqualTo((byte) 0xf8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"glb", "obj", "stl", "fbx", "zip", "usdz"})
    void aModelHasTheGeometrysTriangleCountWhateverItsFormat(String extension) throws IOException {
        AssetFormat format = extension.equals("zip") ? AssetFormat.OBJ_ZIP : AssetFormat.fromWireName(extension);
        for (long faces : List.of(100L, 3_000L, 30_000L)) {
            AssetSpec spec = AssetSpec.model("task/" + extension, format, true, Geometry.of("task", faces));

            assertThat(triangles(format, Assets.generate(spec).readAll()))
                    .as("%s with %d faces", extension, faces)
                    .isEqualTo(faces);
        }
    }

    @Test
    void theGeometrySeedMovesTheVerticesAndTheSameSpecGivesTheSameBytes() {
        AssetSpec first = AssetSpec.model("model.stl", AssetFormat.STL, false, Geometry.of("task-a", 500));
        AssetSpec second = AssetSpec.model("model.stl", AssetFormat.STL, false, Geometry.of("task-b", 500));
        byte[] a = Assets.generate(first).readAll();
        byte[] b = Assets.generate(second).readAll();

        // Same header (the file seed), different triangles after the first (which spans the box).
        assertThat(Arrays.copyOfRange(a, 0, 84 + 50)).isEqualTo(Arrays.copyOfRange(b, 0, 84 + 50));
        assertThat(Arrays.copyOfRange(a, 84 + 50, a.length)).isNotEqualTo(Arrays.copyOfRange(b, 84 + 50, b.length));
        assertThat(Assets.sha256(first)).isEqualTo(Assets.sha256(first)).isNotEqualTo(Assets.sha256(second));
        assertThat(Assets.generate(first).readAll()).isEqualTo(a);
    }

    /** The triangle count a file declares or holds, read by format. */
    private static long triangles(AssetFormat format, byte[] file) throws IOException {
        return switch (format) {
            case GLB -> ModelFiles.glbTriangles(file);
            case STL -> ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(80) & 0xffffffffL;
            case OBJ -> new String(file, StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("f "))
                    .count();
            case OBJ_ZIP -> triangles(AssetFormat.OBJ, unzip(file).get(ZippedAssets.OBJ_NAME));
            case USDZ -> {
                String usda = new String(unzip(file).get("model.usda"), StandardCharsets.UTF_8);
                String counts = usda.substring(usda.indexOf("faceVertexCounts = [") + 20);
                counts = counts.substring(0, counts.indexOf(']'));
                long points = usda.substring(usda.indexOf("points = ["))
                        .chars()
                        .takeWhile(c -> c != ']')
                        .filter(c -> c == '(')
                        .count();
                assertThat(points).isEqualTo(3 * counts.split(", ").length);
                yield counts.split(", ").length;
            }
            case FBX -> ModelFiles.fbxTriangles(file);
            default -> throw new IllegalArgumentException(format.name());
        };
    }

    @Test
    void imagesDecode() {
        assertThat(decode(Assets.generate(AssetSpec.of("cover", AssetFormat.PNG))
                                .readAll())
                        .getWidth())
                .isEqualTo(64);
        ByteBuffer webp = ByteBuffer.wrap(
                        Assets.generate(AssetSpec.of("cover", AssetFormat.WEBP)).readAll())
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(webp.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(webp.getInt(4)).isEqualTo(webp.capacity() - 8);
        assertThat(new String(webp.array(), 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WEBPVP8L");
        assertThat(webp.get(20)).isEqualTo((byte) 0x2f);
    }

    @Test
    void theSameSpecGivesTheSameBytesAndAnotherSeedOthers() {
        AssetSpec spec = new AssetSpec("task-a", AssetFormat.GLB, 100_000, true);

        assertThat(Assets.sha256(spec)).isEqualTo(Assets.sha256(spec)).hasSize(64);
        assertThat(Assets.sha256(new AssetSpec("task-b", AssetFormat.GLB, 100_000, true)))
                .isNotEqualTo(Assets.sha256(spec));
        assertThat(Assets.length(spec)).isEqualTo(100_000);
    }

    private static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads every entry; ZipInputStream checks each stored entry's CRC and size. */
    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<Integer> methods = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                methods.add(entry.getMethod());
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertThat(methods).containsOnly(ZipEntry.STORED);
        return entries;
    }
}
