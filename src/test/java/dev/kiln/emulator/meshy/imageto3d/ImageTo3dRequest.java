package dev.kiln.emulator.meshy.imageto3d;

import dev.kiln.emulator.meshy.MeshyPricing;
import dev.kiln.emulator.meshy.http.JsonBody;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.meshy.input.ImageInputRule;
import dev.kiln.emulator.meshy.task.TaskOutputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A checked create request for Image to 3D or Multi-Image to 3D, with every parameter rule of the vendor's page:
 * the image inputs, enums, ranges, {@code texture_prompt} ≤ 600 characters, {@code enable_pbr} only with
 * {@code should_texture}, and {@code target_formats}. Parameters the vendor says are ignored (those that
 * {@code lowpoly} overrides, the meshy-6-only switches on meshy-5) are type-checked but have no effect. The
 * models have {@code target_polycount} triangles (default 30 000) when the mesh is remeshed.
 *
 * @param moderationBlocked {@code moderation} was on and an input carries the moderation marker: the task fails
 */
public record ImageTo3dRequest(
        TaskOutputs outputs, int cost, String texturePrompt, String textureImageUrl, boolean moderationBlocked) {

    public static final List<String> ALL_FORMATS = List.of("glb", "obj", "fbx", "stl", "usdz", "3mf");
    static final int MAX_IMAGES = 4;
    static final int MAX_TEXTURE_PROMPT = 600;
    /** The remesh stage's triangle count when the request names none (seed 003). */
    static final int DEFAULT_TARGET_POLYCOUNT = 30_000;

    private static final ImageInputRule IMAGE = new ImageInputRule(Set.of("jpg", "jpeg", "png"), 20L << 20, 0);

    /** Parses an Image to 3D body ({@code image_url} or {@code input_task_id}). */
    public static ImageTo3dRequest single(JsonBody body) {
        String inputTaskId = body.string("input_task_id");
        if (inputTaskId != null) {
            // It must name a SUCCEEDED text-to-image or image-to-image task: the emulator serves neither.
            throw MeshyError.badRequest("Invalid input_task_id: it must refer to a SUCCEEDED text-to-image or"
                    + " image-to-image task that produced exactly one image");
        }
        String imageUrl = body.string("image_url");
        if (imageUrl == null) {
            throw MeshyError.badRequest("Missing parameter: either image_url or input_task_id is required");
        }
        return options(body, IMAGE.check("image_url", imageUrl).moderationFlagged());
    }

    /** Parses a Multi-Image to 3D body ({@code image_urls}, 1 to 4 images). */
    public static ImageTo3dRequest multi(JsonBody body) {
        List<String> imageUrls = body.strings("image_urls");
        if (imageUrls == null || imageUrls.isEmpty()) {
            throw MeshyError.badRequest("Missing parameter: image_urls is required (1 to " + MAX_IMAGES + " images)");
        }
        if (imageUrls.size() > MAX_IMAGES) {
            throw MeshyError.badRequest("image_urls accepts at most " + MAX_IMAGES + " images");
        }
        boolean flagged = false;
        for (int i = 0; i < imageUrls.size(); i++) {
            flagged |= IMAGE.check("image_urls[" + i + "]", imageUrls.get(i)).moderationFlagged();
        }
        return options(body, flagged);
    }

    private static ImageTo3dRequest options(JsonBody body, boolean imageFlagged) {
        boolean lowpoly = body.string("model_type", "standard", Set.of("standard", "lowpoly"))
                .equals("lowpoly");
        String aiModel = body.string("ai_model", "latest", Set.of("meshy-5", "meshy-6", "latest"));
        boolean meshy5 = aiModel.equals("meshy-5") && !lowpoly;
        boolean shouldTexture = body.bool("should_texture", true);
        boolean enablePbr = body.bool("enable_pbr", false);
        if (enablePbr && !shouldTexture) {
            throw MeshyError.badRequest("Invalid parameter combination: enable_pbr requires should_texture to be true");
        }
        body.bool("hd_texture", false);
        String texturePrompt = body.string("texture_prompt");
        if (texturePrompt != null && texturePrompt.length() > MAX_TEXTURE_PROMPT) {
            throw MeshyError.badRequest("texture_prompt must be at most " + MAX_TEXTURE_PROMPT + " characters");
        }
        String textureImageUrl = body.string("texture_image_url");
        boolean textureImageFlagged = textureImageUrl != null
                && IMAGE.check("texture_image_url", textureImageUrl).moderationFlagged();
        boolean shouldRemesh = body.bool("should_remesh", meshy5);
        body.string("topology", "triangle", Set.of("quad", "triangle"));
        Integer targetPolycount = body.integer(
                "target_polycount", lowpoly ? Integer.MIN_VALUE : 100, lowpoly ? Integer.MAX_VALUE : 300_000);
        Integer decimationMode = body.integer("decimation_mode", 1, 4);
        boolean savePreRemeshed = body.bool("save_pre_remeshed_model", false);
        body.string("symmetry_mode", "auto", Set.of("off", "auto", "on"));
        body.string("pose_mode", "", Set.of("a-pose", "t-pose", ""));
        body.bool("is_a_t_pose", false);
        body.bool("image_enhancement", true);
        body.bool("remove_lighting", true);
        boolean moderation = body.bool("moderation", false);
        // auto_size and origin_at only move the model: nothing to emulate beyond checking them.
        body.bool("auto_size", false);
        body.string("origin_at", "bottom", Set.of("bottom", "center"));
        List<String> formats = targetFormats(body);

        Map<String, String> models = new LinkedHashMap<>();
        for (String format : List.of("glb", "fbx", "obj", "usdz", "stl", "3mf")) {
            if (formats.contains(format)) {
                models.put(format, "model." + format);
                if (format.equals("obj") && shouldTexture) {
                    models.put("mtl", "model.mtl");
                }
            }
        }
        if (!lowpoly && shouldRemesh && savePreRemeshed) {
            models.put("pre_remeshed_glb", "pre_remeshed_model.glb");
        }
        Map<String, String> textures = new LinkedHashMap<>();
        if (shouldTexture) {
            textures.put("base_color", "texture_0.png");
            if (enablePbr) {
                textures.put("metallic", "texture_0_metallic.png");
                textures.put("normal", "texture_0_normal.png");
                textures.put("roughness", "texture_0_roughness.png");
                if (!meshy5) {
                    textures.put("emission", "texture_0_emission.png");
                }
            }
        }
        boolean promptFlagged = texturePrompt != null
                && texturePrompt.toLowerCase(Locale.ROOT).contains(ImageInputRule.MODERATION_MARKER);
        int cost =
                (meshy5 ? MeshyPricing.MESH_MESHY_5 : MeshyPricing.MESH) + (shouldTexture ? MeshyPricing.TEXTURE : 0);
        // target_polycount is the remesh stage's target (seed 003): without remeshing, or when lowpoly or the
        // adaptive decimation_mode overrides it, the emulator's default mesh stands in for the vendor's.
        long faces = !lowpoly && shouldRemesh && decimationMode == null
                ? (targetPolycount == null ? DEFAULT_TARGET_POLYCOUNT : targetPolycount)
                : 0;
        return new ImageTo3dRequest(
                new TaskOutputs(models, textures, "preview.png", List.of(), faces, enablePbr),
                cost,
                texturePrompt == null ? "" : texturePrompt,
                textureImageUrl == null ? "" : textureImageUrl,
                moderation && (imageFlagged || textureImageFlagged || promptFlagged));
    }

    private static List<String> targetFormats(JsonBody body) {
        List<String> requested = body.strings("target_formats");
        if (requested == null) {
            return ALL_FORMATS.stream().filter(f -> !f.equals("3mf")).toList();
        }
        if (requested.isEmpty()) {
            throw MeshyError.badRequest("target_formats must name at least one format");
        }
        for (String format : requested) {
            if (!ALL_FORMATS.contains(format)) {
                throw MeshyError.badRequest("target_formats: unsupported format \"" + format + "\"; supported: "
                        + String.join(", ", ALL_FORMATS));
            }
        }
        return requested;
    }
}
