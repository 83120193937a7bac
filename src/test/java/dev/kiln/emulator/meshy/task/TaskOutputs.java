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
 */
public record TaskOutputs(
        Map<String, String> models, Map<String, String> textures, String thumbnail, List<String> images) {

    public TaskOutputs {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        textures = Collections.unmodifiableMap(new LinkedHashMap<>(textures));
        images = List.copyOf(images);
    }
}
