package dev.kiln.emulator.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model files as an independent importer sees them: the Open Asset Import Library's command-line tool
 * ({@code assimp info}, Debian package {@code assimp-utils}) loads each file and reports its meshes. No
 * code of the emulator reads the files here. Without the tool the test fails: {@code .ci/run} installs it.
 */
class AssimpImportTest {
    private static final Pattern TEXTURE_SEMANTIC = Pattern.compile("\\(\\$tex\\.file\\): \\[[^|]*\\| (\\w+)]");
    private static final int FACES = 1000;

    @TempDir
    Path dir;

    @BeforeAll
    static void assimpIsInstalled() {
        boolean found = false;
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= !entry.isEmpty() && Files.isExecutable(Path.of(entry, "assimp"));
        }
        if (!found) {
            fail("the assimp command is missing: install assimp-utils (apt-get install -y assimp-utils);"
                    + " .ci/run installs it");
        }
    }

    @ParameterizedTest(name = "textured={0}")
    @ValueSource(booleans = {true, false})
    void theFbxHoldsTheGlbsMesh(boolean textured) throws IOException {
        Geometry geometry = Geometry.of("task-7", FACES);

        Report fbx = info(write("model.fbx", AssetSpec.model("task-7/model.fbx", AssetFormat.FBX, textured, geometry)));
        Report glb = info(write("model.glb", AssetSpec.model("task-7/model.glb", AssetFormat.GLB, textured, geometry)));

        for (Report report : List.of(fbx, glb)) {
            assertThat(report.number("Meshes")).isEqualTo(1);
            assertThat(report.number("Faces")).isEqualTo(FACES);
            assertThat(report.number("Vertices")).isEqualTo(3 * FACES);
            assertThat(report.value("Primitive Types")).isEqualTo("triangles");
            assertThat(report.value("Minimum point")).isEqualTo("(-1.000000 -1.000000 -1.000000)");
            assertThat(report.value("Maximum point")).isEqualTo("(1.000000 1.000000 1.000000)");
        }
        assertThat(fbx.number("Textures (embed.)")).isEqualTo(textured ? 1 : 0);
        if (textured) {
            assertThat(fbx.textureSemantics()).contains("Diffuse");
        }
    }

    @Test
    void anFbxAtTheLargestCountsTheVendorsDocumentLoads() throws IOException {
        // Hitem3D's smallest face count is the largest file a test here can afford; the format has no limit
        // below 4 GiB that a larger count would reach first.
        Report fbx = info(write(
                "large.fbx", AssetSpec.model("big/model.fbx", AssetFormat.FBX, true, Geometry.of("big", 100_000))));

        assertThat(fbx.number("Faces")).isEqualTo(100_000);
    }

    @Test
    void aPbrGlbEmbedsBaseColourMetallicRoughnessAndNormalMaps() throws IOException {
        AssetSpec plain = AssetSpec.model("task-8/model.glb", AssetFormat.GLB, true, Geometry.of("task-8", FACES));

        Report pbr = info(write("pbr.glb", plain.withPbr(true)));
        Report base = info(write("base.glb", plain));

        assertThat(pbr.number("Textures (embed.)")).isEqualTo(3);
        assertThat(pbr.textureSemantics()).contains("BaseColor", "Metalness", "DiffuseRoughness", "Normals");
        assertThat(base.number("Textures (embed.)")).isEqualTo(1);
        assertThat(base.textureSemantics()).contains("BaseColor").doesNotContain("Normals", "Metalness");
    }

    @Test
    void theObjAndStlHoldTheSameMesh() throws IOException {
        Geometry geometry = Geometry.of("task-9", FACES);
        AssetSpec objSpec = AssetSpec.model("model", AssetFormat.OBJ, true, geometry);
        Path obj = write("model.obj", objSpec);
        write(Assets.mtlNameFor(objSpec), AssetSpec.model("model", AssetFormat.MTL, true, geometry));
        write(Assets.textureNameFor(objSpec), AssetSpec.of("model", AssetFormat.PNG));

        Report objReport = info(obj);
        Report stl = info(write("model.stl", AssetSpec.model("model", AssetFormat.STL, false, geometry)));

        assertThat(objReport.number("Faces")).isEqualTo(FACES);
        assertThat(objReport.textureSemantics()).contains("Diffuse");
        assertThat(stl.number("Faces")).isEqualTo(FACES);
        assertThat(stl.number("Vertices")).isEqualTo(3 * FACES);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fbx", "glb", "obj", "stl"})
    void aModelSizedByBytesLoadsToo(String format) throws IOException {
        AssetSpec spec = new AssetSpec("sized", AssetFormat.fromWireName(format), 80_000, format.equals("fbx"));

        Report report = info(write("sized." + format, spec));

        assertThat(report.number("Faces")).isGreaterThan(100);
        assertThat(Files.size(dir.resolve("sized." + format))).isBetween(80_000L - 16, 80_000L);
    }

    private Path write(String name, AssetSpec spec) throws IOException {
        Path file = dir.resolve(name);
        try (var in = Assets.generate(spec).open()) {
            Files.copy(in, file);
        }
        return file;
    }

    /** Runs {@code assimp info} on a file; fails the test unless it loads. */
    private static Report info(Path file) throws IOException {
        Process process = new ProcessBuilder("assimp", "info", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("assimp did not finish reading " + file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(process.exitValue())
                .as("assimp loads %s:%n%s", file.getFileName(), output)
                .isZero();
        return new Report(output);
    }

    /** The summary lines ({@code Key: value}) and the texture semantics of {@code assimp info}. */
    private record Report(Map<String, String> values, List<String> textureSemantics) {
        Report(String output) {
            this(summary(output), semantics(output));
        }

        String value(String key) {
            assertThat(values).as("assimp reports %s", key).containsKey(key);
            return values.get(key);
        }

        long number(String key) {
            return Long.parseLong(value(key));
        }

        private static Map<String, String> summary(String output) {
            Map<String, String> values = new LinkedHashMap<>();
            Pattern line = Pattern.compile("^([A-Z][A-Za-z ./()]*?):?\\s{2,}(\\S.*)$");
            for (String text : output.lines().toList()) {
                Matcher matcher = line.matcher(text);
                if (matcher.matches()) {
                    values.putIfAbsent(matcher.group(1).trim(), matcher.group(2).trim());
                }
            }
            return values;
        }

        private static List<String> semantics(String output) {
            List<String> semantics = new ArrayList<>();
            Matcher matcher = TEXTURE_SEMANTIC.matcher(output);
            while (matcher.find()) {
                semantics.add(matcher.group(1));
            }
            return semantics;
        }
    }
}
