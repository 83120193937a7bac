package dev.kiln.emulator.hunyuan;

import dev.kiln.emulator.input.ImageProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A create request checked against every input rule of seed 002. The parameters may come flat (as the
 * seed lists them), under {@code params}, or as {@code input[0]} (as client code sends them).
 *
 * @param requestedFaceCount the {@code face_count} the request named and the mode honours (0: none, or
 *     {@code LowPoly}, which ignores it): the models get that many triangles, else the emulator's default
 */
record HunyuanRequest(
        String generateType,
        String prompt,
        String imageUrl,
        boolean imageBase64,
        int faceCount,
        String polygonType,
        boolean enablePbr,
        List<String> views,
        int requestedFaceCount) {

    static final String MODEL = "tencent_hunyuan_3d_pro";
    static final int MAX_PROMPT_CHARACTERS = 1024;
    static final long MAX_IMAGE_BYTES = 8L * 1024 * 1024;
    static final long MAX_MULTI_VIEW_BASE64_BYTES = 6L * 1024 * 1024;
    static final int MIN_SIDE = 128;
    static final int MAX_SIDE = 5000;
    static final int DEFAULT_FACE_COUNT = 500_000;
    static final int MIN_FACE_COUNT = 3_000;
    static final int MAX_FACE_COUNT = 1_500_000;
    static final Set<String> GENERATE_TYPES = Set.of("Normal", "LowPoly", "Geometry", "Sketch");
    static final Set<String> POLYGON_TYPES = Set.of("triangle", "quadrilateral");
    static final Set<String> VIEW_TYPES = Set.of("left", "right", "back", "top", "bottom", "left_front", "right_front");
    private static final Set<String> IMAGE_FORMATS = Set.of("jpg", "jpeg", "png", "webp");
    private static final Set<String> VIEW_FORMATS = Set.of("jpg", "jpeg", "png");

    /** Thrown for a request the aggregator refuses with HTTP 400. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The model id of the body; the parameters are checked by {@link #parse}. */
    static String model(JsonObject body) {
        return body.getString("model");
    }

    static HunyuanRequest parse(JsonObject body) throws Invalid {
        if (!MODEL.equals(body.getValue("model"))) {
            throw new Invalid("model must be " + MODEL);
        }
        JsonObject params = params(body);
        if (params.containsKey("model") || params.containsKey("Model")) {
            throw new Invalid(MODEL + " uses upstream Hunyuan 3D Pro Model=3.1; model is not supported in params");
        }
        String generateType = text(params, "generate_type", "Normal");
        if (!GENERATE_TYPES.contains(generateType)) {
            throw new Invalid("generate_type must be one of Normal, LowPoly, Geometry, Sketch");
        }
        String prompt = text(params, "prompt", null);
        String imageUrl = text(params, "image_url", null);
        String imageBase64 = text(params, "image_base64", null);
        boolean sketch = generateType.equals("Sketch");
        int images = (imageUrl != null ? 1 : 0) + (imageBase64 != null ? 1 : 0);
        if (sketch) {
            if (prompt == null || images != 1) {
                throw new Invalid("Sketch needs prompt together with exactly one of image_url or image_base64");
            }
        } else if ((prompt != null ? 1 : 0) + images != 1) {
            throw new Invalid("exactly one of prompt, image_url, image_base64 is allowed for " + generateType);
        }
        if (prompt != null && prompt.codePointCount(0, prompt.length()) > MAX_PROMPT_CHARACTERS) {
            throw new Invalid("prompt exceeds 1024 characters");
        }
        if (imageUrl != null) {
            checkUrl(imageUrl, IMAGE_FORMATS, "image_url");
        }
        if (imageBase64 != null) {
            checkImage(imageBase64, IMAGE_FORMATS, MAX_IMAGE_BYTES, "image_base64");
        }

        int faceCount = DEFAULT_FACE_COUNT;
        int requestedFaceCount = 0;
        if (params.containsKey("face_count") && !generateType.equals("LowPoly")) {
            faceCount = integer(params, "face_count");
            requestedFaceCount = faceCount;
            if (faceCount < MIN_FACE_COUNT || faceCount > MAX_FACE_COUNT) {
                throw new Invalid("face_count must be between 3000 and 1500000");
            }
        }
        String polygonType = text(params, "polygon_type", "triangle");
        if (!POLYGON_TYPES.contains(polygonType)) {
            throw new Invalid("polygon_type must be triangle or quadrilateral");
        }
        Object pbr = params.getValue("enable_pbr", false);
        if (!(pbr instanceof Boolean enablePbr)) {
            throw new Invalid("enable_pbr must be a boolean");
        }
        List<String> views = views(params, sketch);
        return new HunyuanRequest(
                generateType,
                prompt,
                imageUrl,
                imageBase64 != null,
                faceCount,
                generateType.equals("LowPoly") ? polygonType : "triangle",
                !generateType.equals("Geometry") && enablePbr,
                views,
                requestedFaceCount);
    }

    private static JsonObject params(JsonObject body) throws Invalid {
        Object input = body.getValue("input");
        if (input instanceof JsonArray array) {
            if (array.size() != 1 || !(array.getValue(0) instanceof JsonObject first)) {
                throw new Invalid("input must hold one parameter object");
            }
            return first;
        }
        Object params = body.getValue("params");
        if (params instanceof JsonObject object) {
            return object;
        }
        JsonObject flat = body.copy();
        flat.remove("model");
        flat.remove("metadata");
        return flat;
    }

    private static List<String> views(JsonObject params, boolean sketch) throws Invalid {
        Object value = params.getValue("multi_view_images");
        if (value == null) {
            return List.of();
        }
        if (sketch) {
            throw new Invalid("multi_view_images is not supported when generate_type is Sketch");
        }
        if (!(value instanceof JsonArray items)) {
            throw new Invalid("multi_view_images must be an array");
        }
        Set<String> seen = new HashSet<>();
        long base64Bytes = 0;
        for (Object item : items) {
            if (!(item instanceof JsonObject view)) {
                throw new Invalid("each multi_view_images item must be an object");
            }
            String type = view.getString("ViewType");
            if (type == null || !VIEW_TYPES.contains(type)) {
                throw new Invalid("ViewType must be one of "
                        + String.join(", ", VIEW_TYPES.stream().sorted().toList()));
            }
            if (!seen.add(type)) {
                throw new Invalid("only one image per view is allowed: " + type);
            }
            String url = view.getString("ViewImageUrl");
            String base64 = view.getString("ViewImageBase64");
            if ((url == null) == (base64 == null)) {
                throw new Invalid("each view needs exactly one of ViewImageUrl or ViewImageBase64");
            }
            if (url != null) {
                checkUrl(url, VIEW_FORMATS, "ViewImageUrl");
            } else {
                base64Bytes += checkImage(base64, VIEW_FORMATS, MAX_MULTI_VIEW_BASE64_BYTES, "ViewImageBase64");
            }
        }
        if (base64Bytes > MAX_MULTI_VIEW_BASE64_BYTES) {
            throw new Invalid("multi_view_images by base64 exceed about 6 MB in total");
        }
        return List.copyOf(seen);
    }

    /** Checks a base64 image; returns its size in bytes. */
    private static long checkImage(String base64, Set<String> formats, long maxBytes, String field) throws Invalid {
        Optional<ImageProbe.ImageInfo> probed = ImageProbe.probeBase64(base64);
        if (probed.isEmpty() || !formats.contains(probed.get().format())) {
            throw new Invalid(field + " must be a "
                    + String.join(", ", formats.stream().sorted().toList()) + " image");
        }
        ImageProbe.ImageInfo image = probed.get();
        if (image.bytes() > maxBytes) {
            throw new Invalid(field + " is larger than " + maxBytes / (1024 * 1024) + " MB");
        }
        if (!withinSides(image.width()) || !withinSides(image.height())) {
            throw new Invalid(field + " sides must be between 128 and 5000 pixels");
        }
        return image.bytes();
    }

    /**
     * A URL must be absolute http(s); when its path names a file type it must be an allowed one. The
     * emulator does not fetch it, so its size and dimensions are not checked.
     */
    private static void checkUrl(String url, Set<String> formats, String field) throws Invalid {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Invalid(field + " is not a valid URL");
        }
        if (uri.getScheme() == null
                || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
                || uri.getHost() == null) {
            throw new Invalid(field + " must be a public http(s) URL");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash) {
            String extension = path.substring(dot + 1);
            if (!formats.contains(extension)) {
                throw new Invalid(field + " must point to a "
                        + String.join(", ", formats.stream().sorted().toList()) + " image");
            }
        }
    }

    private static boolean withinSides(int side) {
        return side >= MIN_SIDE && side <= MAX_SIDE;
    }

    private static String text(JsonObject params, String name, String fallback) throws Invalid {
        Object value = params.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new Invalid(name + " must be a string");
        }
        return text.isEmpty() ? fallback : text;
    }

    private static int integer(JsonObject params, String name) throws Invalid {
        Object value = params.getValue(name);
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        throw new Invalid(name + " must be an integer");
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("generate_type", generateType)
                .put("prompt", prompt)
                .put("image_url", imageUrl)
                .put("image_base64", imageBase64)
                .put("face_count", faceCount)
                .put("polygon_type", polygonType)
                .put("enable_pbr", enablePbr)
                .put("views", new JsonArray(views))
                .put("requested_face_count", requestedFaceCount);
    }
}
