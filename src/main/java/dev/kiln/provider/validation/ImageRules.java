package dev.kiln.provider.validation;

import dev.kiln.contract.JobRequest.ImageInput;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What can be told about an input image before fetching it: its type and (inline) its size. */
public final class ImageRules {

    private ImageRules() {}

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
