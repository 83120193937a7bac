package dev.kiln.emulator.hitem3d;

import dev.kiln.emulator.input.ImageProbe;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A validated submit-task request, or the first rule it breaks. The checks run in this order (the vendor
 * does not document its order): request type, images, model, resolution, face, format, mesh_url.
 */
record Submission(
        int requestType,
        String model,
        String resolution,
        Integer face,
        int format,
        String meshUrl,
        String callbackUrl,
        int imageCount,
        boolean multiView) {

    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    static final int MAX_VIEWS = 4;
    static final int MIN_FACE = 100_000;
    static final int MAX_FACE = 2_000_000;

    /** Outcome of validation: exactly one of the two is set. */
    record Result(Submission submission, Hitem3dCode error, String message) {
        static Result fail(Hitem3dCode code) {
            return new Result(null, code, code.message());
        }

        static Result fail(Hitem3dCode code, String message) {
            return new Result(null, code, message);
        }
    }

    /**
     * Validates a form. {@code issuedGeometry} tells whether a mesh_url is the geometry result of a
     * request_type 1 task of this emulator.
     */
    static Result validate(SubmitForm form, Predicate<String> issuedGeometry) {
        String requestTypeText = form.field("request_type");
        int requestType;
        try {
            requestType = requestTypeText == null ? 3 : Integer.parseInt(requestTypeText);
        } catch (NumberFormatException e) {
            requestType = -1;
        }
        if (requestType < 1 || requestType > 3) {
            // Undocumented by the vendor: a non-retryable invalid-input answer (10031000), never the
            // retryable system error.
            return Result.fail(Hitem3dCode.REQUEST_TYPE_NOT_VALID);
        }

        List<SubmitForm.Upload> single = form.files("images");
        List<SubmitForm.Upload> multi = form.files("multi_images");
        boolean singleGiven = !single.isEmpty() || form.hasTextField("images");
        boolean multiGiven = !multi.isEmpty() || form.hasTextField("multi_images");
        if (singleGiven && multiGiven) {
            return Result.fail(Hitem3dCode.BOTH_IMAGES);
        }
        if (!singleGiven && !multiGiven) {
            return Result.fail(Hitem3dCode.IMAGES_REQUIRED);
        }
        List<SubmitForm.Upload> images = singleGiven ? single : multi;
        if (multi.size() > MAX_VIEWS || single.size() > 1) {
            return Result.fail(Hitem3dCode.TOO_MANY_IMAGES);
        }
        if (images.isEmpty() || images.stream().anyMatch(image -> image.size() == 0)) {
            // A text field where a file belongs (a form sent the wrong way) counts as an empty file.
            return Result.fail(Hitem3dCode.EMPTY_FILE);
        }
        if (!images.stream().allMatch(Submission::isAllowedImage)) {
            return Result.fail(Hitem3dCode.IMAGE_TYPE_NOT_ALLOWED);
        }
        if (images.stream().anyMatch(image -> image.size() > MAX_IMAGE_BYTES)) {
            return Result.fail(Hitem3dCode.FILE_TOO_LARGE);
        }

        String model = form.field("model");
        if (!Hitem3dModels.known(model) || (requestType == 2 && !Hitem3dModels.supportsStagedTexture(model))) {
            return Result.fail(Hitem3dCode.MODEL_NOT_ALLOWED);
        }
        String resolution = form.field("resolution");
        resolution = resolution == null ? Hitem3dModels.defaultResolution(model) : resolution.toLowerCase(Locale.ROOT);
        if (!Hitem3dModels.allows(model, resolution)) {
            return Result.fail(Hitem3dCode.RESOLUTION_NOT_VALID);
        }
        Integer face = null;
        if (form.field("face") != null) {
            try {
                face = Integer.parseInt(form.field("face"));
            } catch (NumberFormatException e) {
                return Result.fail(Hitem3dCode.FACE_NOT_VALID);
            }
            if (face < MIN_FACE || face > MAX_FACE) {
                return Result.fail(Hitem3dCode.FACE_NOT_VALID);
            }
        }
        int format;
        try {
            format = form.field("format") == null ? 1 : Integer.parseInt(form.field("format"));
        } catch (NumberFormatException e) {
            format = -1;
        }
        if (format < 1 || format > 4) {
            return Result.fail(Hitem3dCode.FORMAT_NOT_SUPPORTED);
        }
        String meshUrl = form.field("mesh_url");
        if (requestType == 2) {
            if (meshUrl == null) {
                return Result.fail(Hitem3dCode.MESH_URL_REQUIRED);
            }
            if (!meshUrl.startsWith("http")) {
                return Result.fail(Hitem3dCode.MESH_URL_NOT_HTTP);
            }
            if (!issuedGeometry.test(meshUrl)) {
                // The vendor documents no code for a URL it did not issue; the emulator uses the mesh_url code.
                return Result.fail(
                        Hitem3dCode.MESH_URL_NOT_HTTP, "mesh_url must be a geometry url returned by hitem3d");
            }
        }
        return new Result(
                new Submission(
                        requestType,
                        model,
                        resolution,
                        face,
                        format,
                        requestType == 2 ? meshUrl : null,
                        form.field("callback_url"),
                        images.size(),
                        multiGiven),
                null,
                null);
    }

    /**
     * An image is what its bytes say, not what its name or part header claim: a PNG, JPEG or WebP
     * signature passes whatever the file is called, anything else fails however it is called.
     */
    private static boolean isAllowedImage(SubmitForm.Upload upload) {
        return ImageProbe.signature(upload.head()).isPresent();
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("request_type", requestType)
                .put("model", model)
                .put("resolution", resolution)
                .put("face", face)
                .put("format", format)
                .put("mesh_url", meshUrl)
                .put("callback_url", callbackUrl)
                .put("images", imageCount)
                .put("multi_view", multiView);
    }

    static Submission fromJson(JsonObject json) {
        return new Submission(
                json.getInteger("request_type"),
                json.getString("model"),
                json.getString("resolution"),
                json.getInteger("face"),
                json.getInteger("format"),
                json.getString("mesh_url"),
                json.getString("callback_url"),
                json.getInteger("images"),
                json.getBoolean("multi_view"));
    }
}
