package dev.kiln.provider.hitem3d;

import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.validation.ImageRules;
import dev.kiln.provider.validation.OptionReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Hitem3D's documented rules (create-task page), with models, resolutions, face range and formats from
 * configuration. Every "invalid input" error code of the API has a check here, so none costs a call.
 */
public final class Hitem3dRequestValidator implements ProviderRequestValidator {
    static final List<String> VIEW_ORDER = List.of("front", "back", "left", "right");
    private static final Set<String> IMAGE_TYPES = Set.of("png", "jpeg", "jpg", "webp");
    private static final Set<String> OPTIONS =
            Set.of("model", "resolution", "face", "request_type", "staged", "mesh_url");

    private final ProvidersConfig.Hitem3d config;

    public Hitem3dRequestValidator(ProvidersConfig.Hitem3d config) {
        this.config = config;
    }

    @Override
    public String provider() {
        return ProviderNames.HITEM3D;
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        return read(request).violations();
    }

    /** The request in Hitem3D's terms; meaningful only when there are no violations. */
    Hitem3dSettings settings(JobRequest request) {
        Reading reading = read(request);
        if (!reading.violations().isEmpty()) {
            throw new IllegalArgumentException("hitem3d request is invalid: " + reading.violations());
        }
        return reading.settings();
    }

    private record Reading(Hitem3dSettings settings, List<Violation> violations) {}

    private Reading read(JobRequest request) {
        OptionReader options = new OptionReader(request.options());
        options.rejectUnknown(OPTIONS);

        String model = options.string("model", config.models().keySet(), config.defaultModel());
        ProvidersConfig.Hitem3dModel rules = config.models().get(model);
        String resolution = null;
        boolean textureStage = true;
        if (rules == null) {
            options.add(
                    "OPTION_INVALID",
                    "options.model",
                    "model " + model + " is not configured; known: "
                            + config.models().keySet().stream().sorted().toList());
        } else {
            textureStage = rules.textureStage();
            String fallback =
                    rules.defaultResolution().orElse(rules.resolutions().get(0));
            resolution = options.string("resolution", Set.copyOf(rules.resolutions()), fallback);
        }
        Long face = options.integer("face", config.faceMin(), config.faceMax());
        Long requestType = options.integer("request_type", 1, 3);
        int type = requestType == null ? 3 : requestType.intValue();
        boolean staged = Boolean.TRUE.equals(options.bool("staged"));
        String meshUrl = options.text("mesh_url", 4096);
        if (staged && type != 3) {
            options.add(
                    "OPTION_CONFLICT",
                    "options.staged",
                    "a staged job runs request_type 1 then 2; leave request_type" + " unset (or 3)");
        }
        if ((staged || type == 2) && !textureStage) {
            options.add(
                    "OPTION_CONFLICT",
                    staged ? "options.staged" : "options.request_type",
                    "model " + model + " has no texture-only stage (request_type 2)");
        }
        if (type == 2 && meshUrl == null) {
            options.add(
                    "MISSING_OPTION", "options.mesh_url", "request_type 2 needs mesh_url, a mesh URL Hitem3D returned");
        }
        if (meshUrl != null && !meshUrl.startsWith("http")) {
            options.add("OPTION_INVALID", "options.mesh_url", "mesh_url must start with http");
        }
        if (meshUrl != null && type != 2) {
            options.add("OPTION_CONFLICT", "options.mesh_url", "mesh_url is only for request_type 2");
        }

        String format = format(request, options);
        Integer formatCode = format == null ? null : config.formatCodes().get(format);

        List<ImageInput> ordered = images(request, options);
        String viewBits = viewBits(ordered);
        if (request.input() != null && request.input().prompt() != null) {
            options.add("UNSUPPORTED_INPUT", "input.prompt", "Hitem3D makes models from images only; drop the prompt");
        }
        Hitem3dSettings settings = new Hitem3dSettings(
                model,
                resolution,
                face,
                type,
                staged,
                meshUrl,
                format,
                formatCode == null ? 0 : formatCode,
                ordered,
                viewBits);
        return new Reading(settings, options.violations());
    }

    private String format(JobRequest request, OptionReader options) {
        List<String> formats =
                request.output() == null ? List.of() : request.output().formats();
        if (formats.isEmpty()) {
            return config.defaultFormat();
        }
        if (formats.size() > 1) {
            options.add(
                    "TOO_MANY_FORMATS",
                    "output.formats",
                    "Hitem3D makes exactly one format per task; ask for one of "
                            + config.formatCodes().keySet().stream().sorted().toList());
            return null;
        }
        String format = formats.get(0);
        if (!config.formatCodes().containsKey(format)) {
            options.add(
                    "UNSUPPORTED_FORMAT",
                    "output.formats[0]",
                    "Hitem3D makes "
                            + config.formatCodes().keySet().stream().sorted().toList() + ", not " + format);
            return null;
        }
        return format;
    }

    private List<ImageInput> images(JobRequest request, OptionReader options) {
        List<ImageInput> images =
                request.input() == null ? List.of() : request.input().images();
        if (images.isEmpty()) {
            options.add("MISSING_IMAGE", "input.images", "Hitem3D needs one image, or 2–4 views");
            return List.of();
        }
        if (images.size() > VIEW_ORDER.size()) {
            options.add("TOO_MANY_IMAGES", "input.images", "Hitem3D takes at most 4 views (front, back, left, right)");
        }
        for (int i = 0; i < images.size(); i++) {
            ImageInput image = images.get(i);
            String field = "input.images[" + i + "]";
            boolean typeAllowed = ImageRules.typeAllowed(image, IMAGE_TYPES);
            if (!typeAllowed) {
                options.add("UNSUPPORTED_IMAGE_TYPE", field, "Hitem3D takes png, jpeg, jpg or webp images");
            }
            boolean empty = image.isInline() && ImageRules.inlineBytes(image) == 0;
            if (empty) {
                options.add("EMPTY_IMAGE", field, "the image is empty");
            }
            if (typeAllowed && !empty) {
                // Seed 000 names formats and 20 MB but no pixel limits: only the bytes' signature is checked.
                options.addAll(ImageRules.contentViolations(image, field, "Hitem3D", null));
            }
            if (ImageRules.inlineBytes(image) > config.maxImageBytes()) {
                options.add(
                        "IMAGE_TOO_LARGE", field, "Hitem3D takes images up to " + config.maxImageBytes() + " bytes");
            }
        }
        if (images.size() == 1) {
            return images;
        }
        List<String> views = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String view = images.get(i).view();
            if (view == null || !VIEW_ORDER.contains(view)) {
                options.add(
                        "INVALID_VIEW",
                        "input.images[" + i + "].view",
                        "with several images each needs a view: one of " + VIEW_ORDER);
            } else if (views.contains(view)) {
                options.add("DUPLICATE_VIEW", "input.images[" + i + "].view", "view " + view + " appears twice");
            } else {
                views.add(view);
            }
        }
        if (views.size() != images.size()) {
            return images;
        }
        List<ImageInput> ordered = images.stream()
                .sorted(Comparator.comparingInt(image -> VIEW_ORDER.indexOf(image.view())))
                .toList();
        boolean prefix = ordered.stream().map(ImageInput::view).toList().equals(VIEW_ORDER.subList(0, ordered.size()));
        if (!config.sendMultiImagesBit() && !prefix) {
            options.add(
                    "VIEWS_NOT_CONTIGUOUS",
                    "input.images",
                    "Hitem3D reads views by position (front, back, left," + " right): give the first " + ordered.size()
                            + " of them");
        }
        return ordered;
    }

    private static String viewBits(List<ImageInput> ordered) {
        StringBuilder bits = new StringBuilder();
        for (String view : VIEW_ORDER) {
            bits.append(ordered.stream().anyMatch(image -> view.equals(image.view())) ? '1' : '0');
        }
        return bits.toString();
    }
}
