package dev.kiln.provider.meshy;

import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.validation.ImageRules;
import dev.kiln.provider.validation.OptionReader;
import java.util.List;
import java.util.Set;

/** Meshy Creative Lab figure rules: one photo (jpg, jpeg, png, webp), an optional name, GLB or OBJ out. */
public final class MeshyFigureRequestValidator implements ProviderRequestValidator {
    static final Set<String> FORMATS = Set.of("glb", "obj");
    private static final Set<String> IMAGE_TYPES = Set.of("jpg", "jpeg", "png", "webp");

    private final ProvidersConfig.Meshy config;

    public MeshyFigureRequestValidator(ProvidersConfig.Meshy config) {
        this.config = config;
    }

    @Override
    public String provider() {
        return ProviderNames.MESHY_FIGURE;
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        OptionReader options = new OptionReader(request.options());
        options.rejectUnknown(Set.of("name"));
        options.text("name", config.figureNameMaxLength());
        List<ImageInput> images =
                request.input() == null ? List.of() : request.input().images();
        if (images.size() != 1) {
            options.add(
                    images.isEmpty() ? "MISSING_IMAGE" : "TOO_MANY_IMAGES",
                    "input.images",
                    "a figure is made from exactly one photo");
        }
        for (int i = 0; i < images.size(); i++) {
            String field = "input.images[" + i + "]";
            if (!ImageRules.typeAllowed(images.get(i), IMAGE_TYPES)) {
                options.add("UNSUPPORTED_IMAGE_TYPE", field, "figure photos must be jpg, jpeg, png or webp");
            } else {
                // Seed 004 refuses images "too small" or with "too many pixels" but gives no numbers: only
                // the bytes' signature is checked here.
                options.addAll(ImageRules.contentViolations(images.get(i), field, "Meshy figure", null));
            }
        }
        if (request.input() != null && request.input().prompt() != null) {
            options.add("UNSUPPORTED_INPUT", "input.prompt", "a figure takes no prompt");
        }
        List<String> formats =
                request.output() == null ? List.of() : request.output().formats();
        for (int i = 0; i < formats.size(); i++) {
            if (!FORMATS.contains(formats.get(i))) {
                options.add(
                        "UNSUPPORTED_FORMAT",
                        "output.formats[" + i + "]",
                        "a figure build delivers glb and obj (with" + " mtl), not " + formats.get(i));
            }
        }
        return options.violations();
    }
}
