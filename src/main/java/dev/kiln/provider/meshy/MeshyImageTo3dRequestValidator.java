package dev.kiln.provider.meshy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.validation.ImageRules;
import dev.kiln.provider.validation.OptionReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Meshy Image to 3D and Multi-Image to 3D rules: every documented option with its values and the
 * combinations the API refuses (PBR without texture, meshy-6-only switches on meshy-5, two texture guides).
 */
public final class MeshyImageTo3dRequestValidator implements ProviderRequestValidator {
    static final Set<String> FORMATS = Set.of("glb", "obj", "fbx", "stl", "usdz", "3mf");
    static final Set<String> MESHY_6 = Set.of("meshy-6", "latest");
    static final Set<String> LOWPOLY_IGNORES =
            Set.of("ai_model", "topology", "target_polycount", "should_remesh", "save_pre_remeshed_model");
    private static final Set<String> IMAGE_TYPES = Set.of("jpg", "jpeg", "png");
    private static final Set<String> OPTIONS = Set.of(
            "input_task_id",
            "model_type",
            "ai_model",
            "should_texture",
            "enable_pbr",
            "hd_texture",
            "texture_prompt",
            "texture_image_url",
            "should_remesh",
            "topology",
            "target_polycount",
            "decimation_mode",
            "save_pre_remeshed_model",
            "symmetry_mode",
            "pose_mode",
            "image_enhancement",
            "remove_lighting",
            "moderation",
            "auto_size",
            "origin_at");

    private final ProvidersConfig.Meshy config;
    private final boolean multi;

    public MeshyImageTo3dRequestValidator(ProvidersConfig.Meshy config, boolean multi) {
        this.config = config;
        this.multi = multi;
    }

    @Override
    public String provider() {
        return multi ? ProviderNames.MESHY_MULTI_IMAGE_TO_3D : ProviderNames.MESHY_IMAGE_TO_3D;
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        OptionReader options = new OptionReader(request.options());
        if (options.has("is_a_t_pose")) {
            options.add("UNSUPPORTED_OPTION", "options.is_a_t_pose", "is_a_t_pose is deprecated: use pose_mode");
        }
        Set<String> known = new HashSet<>(OPTIONS);
        known.add("is_a_t_pose");
        if (multi) {
            known.remove("input_task_id");
        }
        options.rejectUnknown(known);

        options.string("model_type", Set.of("standard", "lowpoly"), "standard");
        String aiModel = options.string("ai_model", Set.of("meshy-5", "meshy-6", "latest"), "latest");
        Boolean shouldTexture = options.bool("should_texture");
        Boolean pbr = options.bool("enable_pbr");
        options.bool("hd_texture");
        String texturePrompt = options.text("texture_prompt", config.texturePromptMaxLength());
        String textureImage = options.text("texture_image_url", 10_000_000);
        options.bool("should_remesh");
        options.string("topology", Set.of("quad", "triangle"), "triangle");
        options.integer("target_polycount", config.polycountMin(), config.polycountMax());
        options.integer("decimation_mode", 1, 4);
        options.bool("save_pre_remeshed_model");
        options.string("symmetry_mode", Set.of("off", "auto", "on"), "auto");
        options.string("pose_mode", Set.of("a-pose", "t-pose", ""), "");
        options.bool("image_enhancement");
        options.bool("remove_lighting");
        options.bool("moderation");
        options.bool("auto_size");
        options.string("origin_at", Set.of("bottom", "center"), "bottom");
        String inputTask = multi ? null : options.text("input_task_id", 200);

        if (Boolean.TRUE.equals(pbr) && Boolean.FALSE.equals(shouldTexture)) {
            options.add("OPTION_CONFLICT", "options.enable_pbr", "enable_pbr needs should_texture");
        }
        if (!MESHY_6.contains(aiModel)) {
            for (String meshy6Only : List.of("hd_texture", "image_enhancement", "remove_lighting")) {
                if (options.has(meshy6Only)) {
                    options.add(
                            "OPTION_CONFLICT",
                            "options." + meshy6Only,
                            meshy6Only + " needs ai_model meshy-6 or latest");
                }
            }
        }
        if (texturePrompt != null && textureImage != null) {
            options.add(
                    "OPTION_CONFLICT", "options.texture_prompt", "give texture_prompt or texture_image_url, not both");
        }
        if (textureImage != null && !urlTypeAllowed(textureImage)) {
            options.add(
                    "UNSUPPORTED_IMAGE_TYPE",
                    "options.texture_image_url",
                    "texture_image_url must be jpg, jpeg or png");
        } else if (textureImage != null) {
            options.addAll(ImageRules.dataUriViolations(textureImage, "options.texture_image_url", provider(), null));
        }

        List<ImageInput> images =
                request.input() == null ? List.of() : request.input().images();
        int max = multi ? 4 : 1;
        if (inputTask != null && !images.isEmpty()) {
            options.add("CONFLICTING_INPUTS", "options.input_task_id", "give an image or input_task_id, not both");
        } else if (inputTask == null && images.isEmpty()) {
            options.add(
                    "MISSING_IMAGE",
                    "input.images",
                    multi
                            ? "Multi-Image to 3D needs 1 to 4 images"
                            : "Image to 3D" + " needs an image (or options.input_task_id)");
        }
        if (images.size() > max) {
            options.add(
                    "TOO_MANY_IMAGES",
                    "input.images",
                    provider() + " takes at most " + max + " image" + (max == 1 ? "" : "s"));
        }
        for (int i = 0; i < images.size(); i++) {
            String field = "input.images[" + i + "]";
            if (!ImageRules.typeAllowed(images.get(i), IMAGE_TYPES)) {
                options.add("UNSUPPORTED_IMAGE_TYPE", field, "Meshy takes jpg, jpeg or png images");
            } else {
                // Seed 003 names the formats but no pixel limits: only the bytes' signature is checked.
                options.addAll(ImageRules.contentViolations(images.get(i), field, provider(), null));
            }
        }
        if (request.input() != null && request.input().prompt() != null) {
            options.add(
                    "UNSUPPORTED_INPUT", "input.prompt", provider() + " takes no prompt; use options.texture_prompt");
        }
        List<String> formats =
                request.output() == null ? List.of() : request.output().formats();
        for (int i = 0; i < formats.size(); i++) {
            if (!FORMATS.contains(formats.get(i))) {
                options.add(
                        "UNSUPPORTED_FORMAT",
                        "output.formats[" + i + "]",
                        "Meshy makes " + FORMATS.stream().sorted().toList() + ", not " + formats.get(i));
            }
        }
        return options.violations();
    }

    /** Whether a texture image (a URL or a data URI) is of a type Meshy takes, as far as it says. */
    private static boolean urlTypeAllowed(String url) {
        if (url.startsWith("data:")) {
            String media = url.substring("data:".length()).split("[;,]", 2)[0];
            return ImageRules.typeAllowed(new ImageInput(null, "", media, null), IMAGE_TYPES);
        }
        return ImageRules.typeAllowed(new ImageInput(url, null, null, null), IMAGE_TYPES);
    }

    /** The create body: the caller's options as given (already valid), images, and target formats. */
    ObjectNode body(JobRequest request) {
        ObjectNode body = request.options() == null
                ? dev.kiln.provider.http.Json.MAPPER.createObjectNode()
                : request.options().deepCopy();
        if ("lowpoly".equals(body.path("model_type").asText())) {
            // Meshy ignores these for lowpoly; not sending them keeps the request what it means.
            LOWPOLY_IGNORES.forEach(body::remove);
        }
        List<ImageInput> images =
                request.input() == null ? List.of() : request.input().images();
        if (multi) {
            var urls = body.putArray("image_urls");
            images.forEach(image -> urls.add(ImageRules.asUrlOrDataUri(image)));
        } else if (!images.isEmpty()) {
            body.put("image_url", ImageRules.asUrlOrDataUri(images.get(0)));
        }
        List<String> formats =
                request.output() == null ? List.of() : request.output().formats();
        if (!formats.isEmpty()) {
            var target = body.putArray("target_formats");
            formats.stream().distinct().forEach(target::add);
        }
        return body;
    }
}
