package dev.kiln.emulator.meshy.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a task produces when it succeeds, by the key under which each appears in the task object. Values are
 * file names inside the task's output folder (e.g. {@code model.glb}); the file extension says what the file is.
 *
 * @param models {@code model_urls} keys to file names, in the order they are shown
 * @param textures one {@code texture_urls} entry: map keys ({@code base_color}, {@code metallic}…) to file names;
 *     empty when the task makes no textures
 * @param thumbnail the preview image's file name, or null when the task has none
 * @param images concept images ({@code image_urls}) for a figure prototype, else empty
 * @param faces the models' triangle count; 0 for the emulator's default ({@link
 *     dev.kiln.emulator.asset.Geometry#DEFAULT_FACES})
 * @param pbr whether the GLB carries PBR maps besides the base colour
 */
public record TaskOutputs(
        Map<String, String> models,
        Map<String, String> textures,
        String thumbnail,
        List<String> images,
        long faces,
        boolean pbr) {

    public TaskOutputs {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        textures = Collections.unmodifiableMap(new LinkedHashMap<>(textures));
        images = List.copyOf(images);
    }

    /** Outputs with the default mesh and no PBR maps. */
    public TaskOutputs(
            Map<String, String> models, Map<String, String> textures, String thumbnail, List<String> images) {
        this(models, textures, thumbnail, images, 0, false);
    }
}
