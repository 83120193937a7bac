package dev.kiln.emulator.meshy.task;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.scenario.Scenario;
import java.time.Duration;
import java.util.Locale;

/**
 * Signed, expiring URLs for a task's output files, served by the core. A URL expires with the task's results
 * ({@code expires_at}), or earlier under the scenario knob {@code urlTtlSeconds}; once expired it answers 403.
 *
 * <p>The OBJ, its MTL and the base-colour texture refer to each other by the names Meshy gives them
 * ({@code model.obj} → {@code model.mtl} → {@code texture_0.png}), so the three stored side by side work.
 * Every model file of a task holds the same mesh ({@link TaskOutputs#faces()} triangles seeded by the task
 * id); a PBR task's GLB embeds its metallic-roughness and normal maps. Scenario knob {@code assetSizeBytes}
 * sizes the files by bytes instead.
 */
public final class MeshyAssets {

    private final EmulatorContext ctx;

    public MeshyAssets(EmulatorContext ctx) {
        this.ctx = ctx;
    }

    public String url(TaskSnapshot task, String fileName) {
        Scenario scenario = ctx.tasks().effectiveScenario(task.task());
        String baseName = fileName.substring(0, fileName.lastIndexOf('.'));
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        AssetFormat format = extension.equals("3mf")
                ? AssetFormat.THREE_MF
                : AssetFormat.valueOf(extension.toUpperCase(Locale.ROOT));
        // The core names an OBJ's mtllib "<seed>.mtl" and an MTL's texture "<seed>.png".
        String seed =
                switch (format) {
                    case OBJ -> baseName;
                    case MTL -> baseColourBaseName(task);
                    default -> task.id() + "/" + fileName;
                };
        TaskOutputs outputs = task.spec().outputs();
        boolean textured = !outputs.textures().isEmpty();
        // Every file of the task holds the same mesh: the geometry is seeded by the task, not the file.
        AssetSpec spec = AssetSpec.model(seed, format, textured, Geometry.of(task.id(), outputs.faces()))
                .withPbr(outputs.pbr())
                .sizedBy(scenario);
        Duration ttl = Duration.ofMillis(task.expiresAt() - task.now());
        return ctx.assets().url(MeshyAccounts.PROVIDER, task.accountId(), task.id(), fileName, spec, ttl, scenario);
    }

    private static String baseColourBaseName(TaskSnapshot task) {
        String texture = task.spec().outputs().textures().getOrDefault("base_color", "texture_0.png");
        return texture.substring(0, texture.lastIndexOf('.'));
    }
}
