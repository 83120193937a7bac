package dev.kiln.provider.hunyuan;

import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.validation.ImageRules;
import dev.kiln.provider.validation.OptionReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hunyuan 3D Pro's rules (aggregator page): the four generate types and their inputs, multi-view images,
 * face count range (configurable: sources disagree), polygon type, PBR, and each inline image's pixel size.
 */
public final class HunyuanRequestValidator implements ProviderRequestValidator {
    static final String NORMAL = "Normal";
    static final String LOW_POLY = "LowPoly";
    static final String GEOMETRY = "Geometry";
    static final String SKETCH = "Sketch";
    static final Set<String> GENERATE_TYPES = Set.of(NORMAL, LOW_POLY, GEOMETRY, SKETCH);
    static final Set<String> POLYGON_TYPES = Set.of("triangle", "quadrilateral");
    static final Set<String> EXTRA_VIEWS =
            Set.of("left", "right", "back", "top", "bottom", "left_front", "right_front");
    private static final Set<String> MAIN_IMAGE_TYPES = Set.of("jpg", "jpeg", "png", "webp");
    private static final Set<String> VIEW_IMAGE_TYPES = Set.of("jpg", "jpeg", "png");
    private static final String WHO = "Hunyuan 3D Pro";
    private static final Set<String> OPTIONS = Set.of("generate_type", "face_count", "polygon_type", "enable_pbr");

    private final ProvidersConfig.Hunyuan config;

    public HunyuanRequestValidator(ProvidersConfig.Hunyuan config) {
        this.config = config;
    }

    @Override
    public String provider() {
        return ProviderNames.HUNYUAN3D_PRO;
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        return read(request).violations();
    }

    HunyuanSettings settings(JobRequest request) {
        Reading reading = read(request);
        if (!reading.violations().isEmpty()) {
            throw new IllegalArgumentException("hunyuan request is invalid: " + reading.violations());
        }
        return reading.settings();
    }

    private record Reading(HunyuanSettings settings, List<Violation> violations) {}

    private Reading read(JobRequest request) {
        OptionReader options = new OptionReader(request.options());
        options.rejectUnknown(OPTIONS);
        String type = options.string("generate_type", GENERATE_TYPES, NORMAL);
        Long faceCount = options.integer("face_count", config.faceCountMin(), config.faceCountMax());
        String polygonType = options.string("polygon_type", POLYGON_TYPES, null);
        Boolean pbr = options.bool("enable_pbr");

        String prompt = request.input() == null ? null : request.input().prompt();
        if (prompt != null && prompt.codePointCount(0, prompt.length()) > config.promptMaxLength()) {
            options.add(
                    "PROMPT_TOO_LONG",
                    "input.prompt",
                    "the prompt may have at most " + config.promptMaxLength() + " characters");
        }
        List<ImageInput> images =
                request.input() == null ? List.of() : request.input().images();
        // Seed 002: "单边需在 128 到 5000 像素之间" for the main image and for each view (configurable).
        ImageRules.SideLimits sides = new ImageRules.SideLimits(config.imageSideMin(), config.imageSideMax());
        ImageInput main = null;
        List<ImageInput> views = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long inlineViewBytes = 0;
        for (int i = 0; i < images.size(); i++) {
            ImageInput image = images.get(i);
            String field = "input.images[" + i + "]";
            String view = image.view();
            if (view == null || view.equals("front")) {
                if (main != null) {
                    options.add(
                            "TOO_MANY_IMAGES",
                            field,
                            "only one main (front) image; give other images a view of "
                                    + EXTRA_VIEWS.stream().sorted().toList());
                }
                main = image;
                if (!ImageRules.typeAllowed(image, MAIN_IMAGE_TYPES)) {
                    options.add("UNSUPPORTED_IMAGE_TYPE", field, "the main image must be jpg, jpeg, png or webp");
                } else {
                    options.addAll(ImageRules.contentViolations(image, field, WHO, sides));
                }
                if (ImageRules.inlineBytes(image) > config.maxImageBytes()) {
                    options.add(
                            "IMAGE_TOO_LARGE",
                            field,
                            "the main image may be at most " + config.maxImageBytes() + " bytes");
                }
            } else if (!EXTRA_VIEWS.contains(view)) {
                options.add(
                        "INVALID_VIEW",
                        field + ".view",
                        "Hunyuan views are " + EXTRA_VIEWS.stream().sorted().toList() + " (plus the main image)");
            } else if (!seen.add(view)) {
                options.add("DUPLICATE_VIEW", field + ".view", "one image per view; " + view + " appears twice");
            } else {
                views.add(image);
                inlineViewBytes += ImageRules.inlineBytes(image);
                if (!ImageRules.typeAllowed(image, VIEW_IMAGE_TYPES)) {
                    options.add("UNSUPPORTED_IMAGE_TYPE", field, "view images must be jpg or png");
                } else {
                    options.addAll(ImageRules.contentViolations(image, field, WHO, sides));
                }
            }
        }
        if (inlineViewBytes > config.maxMultiViewBytes()) {
            options.add(
                    "IMAGE_TOO_LARGE",
                    "input.images",
                    "inline view images may total at most " + config.maxMultiViewBytes() + " bytes");
        }
        if (SKETCH.equals(type)) {
            if (prompt == null || main == null) {
                options.add("MISSING_INPUT", "input", "Sketch needs both a prompt and a main image");
            }
            if (!views.isEmpty()) {
                options.add("UNSUPPORTED_INPUT", "input.images", "Sketch takes no extra views");
            }
        } else if ((prompt == null) == (main == null)) {
            options.add(
                    prompt == null ? "MISSING_INPUT" : "CONFLICTING_INPUTS",
                    "input",
                    type + " takes exactly one of a prompt or a main image");
        }
        List<String> formats =
                request.output() == null ? List.of() : request.output().formats();
        for (int i = 0; i < formats.size(); i++) {
            String format = formats.get(i);
            if (!config.formats().contains(format)) {
                options.add(
                        "UNSUPPORTED_FORMAT",
                        "output.formats[" + i + "]",
                        "Hunyuan delivers " + config.formats() + ", not " + format);
            }
        }
        return new Reading(
                new HunyuanSettings(type, faceCount, polygonType, pbr, prompt, main, List.copyOf(views)),
                options.violations());
    }
}
