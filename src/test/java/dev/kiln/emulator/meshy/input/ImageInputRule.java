package dev.kiln.emulator.meshy.input;

import dev.kiln.emulator.input.ImageProbe;
import dev.kiln.emulator.input.ImageProbe.ImageInfo;
import dev.kiln.emulator.meshy.http.MeshyError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an image given as a public URL or a {@code data:image/...;base64,} URI, as the create endpoints do. The
 * emulator never downloads anything: a URL passes when it is http(s) and does not name an unsupported format,
 * and these reserved inputs provoke the documented refusals:
 *
 * <ul>
 *   <li>a host under {@code .invalid} (RFC 2606) is "unreachable" (the vendor's download failed: 404 or timeout);
 *   <li>{@value #MODERATION_MARKER} anywhere in the URL marks content that moderation blocks.
 * </ul>
 *
 * A data URI must decode as strict base64 to bytes whose signature matches the declared type.
 *
 * @param formats accepted file extensions, lower case ({@code jpg}, {@code png}…)
 * @param maxBytes largest decoded data URI accepted
 * @param minSide smallest width or height accepted for a data URI image; 0 for no check
 */
public record ImageInputRule(Set<String> formats, long maxBytes, int minSide) {

    public static final String MODERATION_MARKER = "moderation-blocked";

    private static final Pattern DATA_URI =
            Pattern.compile("^data:image/([a-zA-Z0-9.+-]+);base64,(.*)$", Pattern.DOTALL);

    /** What a checked image turned out to be. */
    public record CheckedImage(boolean moderationFlagged) {}

    public CheckedImage check(String field, String value) {
        if (value == null || value.isBlank()) {
            throw MeshyError.badRequest(field + " is required");
        }
        if (value.startsWith("data:")) {
            checkDataUri(field, value);
            return new CheckedImage(false);
        }
        checkUrl(field, value);
        return new CheckedImage(value.toLowerCase(Locale.ROOT).contains(MODERATION_MARKER));
    }

    private void checkUrl(String field, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException malformed) {
            throw MeshyError.badRequest(field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw MeshyError.badRequest(field + " must be a publicly accessible http(s) URL or a data URI");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        int dot = lastSegment.lastIndexOf('.');
        if (dot >= 0) {
            String extension = lastSegment.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!formats.contains(extension)) {
                throw MeshyError.badRequest(unsupported(field));
            }
        }
        if (uri.getHost().toLowerCase(Locale.ROOT).endsWith(".invalid")) {
            throw MeshyError.badRequest("Failed to download " + field + ": the URL is not reachable");
        }
    }

    private void checkDataUri(String field, String value) {
        Matcher matcher = DATA_URI.matcher(value);
        if (!matcher.matches()) {
            throw MeshyError.badRequest(field + " is not a valid data URI (expected data:image/<type>;base64,<data>)");
        }
        String declared = matcher.group(1).toLowerCase(Locale.ROOT);
        if (!formats.contains(declared)) {
            throw MeshyError.badRequest(unsupported(field));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException badBase64) {
            throw MeshyError.badRequest(field + " is not a valid data URI: malformed base64");
        }
        if (bytes.length == 0) {
            throw MeshyError.badRequest(field + " is not a valid data URI: no image data");
        }
        if (bytes.length > maxBytes) {
            throw MeshyError.badRequest(field + " is too large: at most " + maxBytes + " bytes");
        }
        ImageInfo image = ImageProbe.probe(bytes).orElse(null);
        boolean matches = image != null
                && (image.format().equals(declared) || (image.format().equals("jpeg") && declared.equals("jpg")));
        if (!matches) {
            throw MeshyError.badRequest(field + " is not a valid data URI: the data is not a " + declared + " image");
        }
        if (minSide > 0 && Math.min(image.width(), image.height()) < minSide) {
            throw MeshyError.badRequest(field + " is too small: at least " + minSide + " pixels per side");
        }
    }

    private String unsupported(String field) {
        return field + " has an unsupported image format; supported: "
                + String.join(", ", formats.stream().sorted().map(f -> "." + f).toList());
    }
}
