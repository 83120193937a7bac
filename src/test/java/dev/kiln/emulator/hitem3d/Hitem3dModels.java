package dev.kiln.emulator.hitem3d;

import java.util.List;
import java.util.Map;

/**
 * The models Hitem3D accepts and the resolutions each allows (seed 000; the v2.0 models from the notes,
 * which say they do not support staged texturing).
 */
final class Hitem3dModels {
    static final String DEFAULT_RESOLUTION = "1024";

    private static final Map<String, List<String>> RESOLUTIONS = Map.of(
            "hitem3dv1", List.of("512", "1024", "1536"),
            "hitem3dv1.5", List.of("512", "1024", "1536", "1536pro"),
            "scene-portraitv1.5", List.of("1536"),
            "hitem3dv2.0", List.of("1536", "1536pro"),
            "scene-portraitv2.0", List.of("1536", "1536pro"));

    private Hitem3dModels() {}

    static boolean known(String model) {
        return model != null && RESOLUTIONS.containsKey(model);
    }

    static boolean allows(String model, String resolution) {
        return RESOLUTIONS.getOrDefault(model, List.of()).contains(resolution);
    }

    static boolean supportsStagedTexture(String model) {
        return !model.endsWith("v2.0");
    }

    /** The default resolution for a model: 1024 where allowed, else the model's first. */
    static String defaultResolution(String model) {
        List<String> allowed = RESOLUTIONS.get(model);
        return allowed.contains(DEFAULT_RESOLUTION) ? DEFAULT_RESOLUTION : allowed.get(0);
    }
}
