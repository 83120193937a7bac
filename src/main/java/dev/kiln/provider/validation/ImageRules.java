package dev.kiln.provider.validation;

import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.Violation;
import dev.kiln.provider.validation.ImageHeader.Problem;
import dev.kiln.provider.validation.ImageHeader.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What can be told about an input image before fetching it: its type and (inline) its size. */
public final class ImageRules {

    /** The bytes are not RFC 4648 base64 (the same code intake gives before any provider rule). */
    public static final String INVALID_IMAGE_DATA = "INVALID_IMAGE_DATA";
    /** The bytes do not carry the signature of their declared media type (the message says what they are). */
    public static final String IMAGE_TYPE_MISMATCH = "IMAGE_TYPE_MISMATCH";
    /** The declared type matches but its header is truncated or damaged, so the pixel size cannot be read. */
    public static final String IMAGE_NOT_DECODABLE = "IMAGE_NOT_DECODABLE";
    /** A side is shorter, in pixels, than the provider takes. */
    public static final String IMAGE_TOO_SMALL = "IMAGE_TOO_SMALL";
    /** Too many bytes, or a side longer, in pixels, than the provider takes (the message says which). */
    public static final String IMAGE_TOO_LARGE = "IMAGE_TOO_LARGE";

    /** The pixel lengths a provider documents for each side of an input image, inclusive. */
    public record SideLimits(int min, int max) {}

    private ImageRules() {}

    /**
     * What is wrong with an inline image's bytes: they must start with the signature of its media type and
     * state a readable size, and each side must lie within {@code sides} when the provider documents limits
     * (null when it does not). Only a bounded prefix is decoded. A URL is not fetched here: no violations.
     *
     * @param who the provider, as a person reads it in the message
     */
    public static List<Violation> contentViolations(ImageInput image, String field, String who, SideLimits sides) {
        if (!image.isInline()) {
            return List.of();
        }
        ImageHeader.Result header = ImageHeader.readBase64(image.base64(), image.mediaType());
        if (header instanceof Problem problem) {
            String code =
                    switch (problem.kind()) {
                        case NOT_BASE64 -> INVALID_IMAGE_DATA;
                        case NOT_DECLARED_TYPE -> IMAGE_TYPE_MISMATCH;
                        case TRUNCATED, UNREADABLE_SIZE -> IMAGE_NOT_DECODABLE;
                    };
            return List.of(new Violation(code, field, problem.message()));
        }
        Size size = (Size) header;
        List<Violation> violations = new ArrayList<>();
        if (sides != null) {
            String stated = "the image is " + size.width() + "×" + size.height() + " px; " + who
                    + " takes each side from " + sides.min() + " to " + sides.max() + " px";
            if (Math.min(size.width(), size.height()) < sides.min()) {
                violations.add(new Violation(IMAGE_TOO_SMALL, field, stated));
            }
            if (Math.max(size.width(), size.height()) > sides.max()) {
                violations.add(new Violation(IMAGE_TOO_LARGE, field, stated));
            }
        }
        return violations;
    }

    /**
     * The violations of an image given as a {@code data:image/<type>;base64,<data>} URI (Meshy's option
     * fields), as for an inline image; none for anything else.
     */
    public static List<Violation> dataUriViolations(String uri, String field, String who, SideLimits sides) {
        if (uri == null || !uri.startsWith("data:")) {
            return List.of();
        }
        int comma = uri.indexOf(',');
        String meta = comma < 0 ? "" : uri.substring("data:".length(), comma);
        if (comma < 0 || !meta.endsWith(";base64")) {
            return List.of(
                    new Violation(INVALID_IMAGE_DATA, field, "a data URI must read data:image/<type>;base64,<data>"));
        }
        String mediaType = meta.substring(0, meta.length() - ";base64".length());
        return contentViolations(new ImageInput(null, uri.substring(comma + 1), mediaType, null), field, who, sides);
    }

    /**
     * The image's type as a file extension (png, jpeg, webp...), from the media type of an inline image or
     * the URL's path; empty when the URL does not say (the provider judges it then).
     */
    public static Optional<String> type(ImageInput image) {
        if (image.isInline()) {
            String media = image.mediaType() == null ? "" : image.mediaType().toLowerCase(Locale.ROOT);
            return Optional.of(media.startsWith("image/") ? media.substring("image/".length()) : media);
        }
        try {
            String path = URI.create(image.url()).getPath();
            if (path == null) {
                return Optional.empty();
            }
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            if (dot <= slash) {
                return Optional.empty();
            }
            return Optional.of(path.substring(dot + 1).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException badUrl) {
            return Optional.empty();
        }
    }

    /** Whether the image's known type is one of {@code allowed} (jpg and jpeg are one type). */
    public static boolean typeAllowed(ImageInput image, Set<String> allowed) {
        return type(image)
                .map(type -> allowed.contains(type)
                        || (type.equals("jpg") && allowed.contains("jpeg"))
                        || (type.equals("jpeg") && allowed.contains("jpg")))
                .orElse(true);
    }

    /** The decoded size of an inline image (from its base64 length), 0 for a URL. */
    public static long inlineBytes(ImageInput image) {
        if (!image.isInline()) {
            return 0;
        }
        String data = image.base64();
        int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
        return Math.max(0, (long) data.length() * 3 / 4 - padding);
    }

    /** The image as a {@code data:} URI (Meshy) or its URL. */
    public static String asUrlOrDataUri(ImageInput image) {
        if (!image.isInline()) {
            return image.url();
        }
        String media = image.mediaType() == null ? "image/png" : image.mediaType();
        return "data:" + media + ";base64," + image.base64();
    }
}
