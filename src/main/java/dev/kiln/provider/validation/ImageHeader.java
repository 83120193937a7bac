package dev.kiln.provider.validation;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Reads an inline image's format and pixel size from its first bytes, without decoding the picture: the PNG
 * IHDR chunk, the JPEG frame header (SOFn), the WebP VP8 / VP8L / VP8X chunk. Only a bounded prefix of the
 * base64 text is decoded, so a 20 MB picture costs no more to check than a 2 KB one.
 */
public final class ImageHeader {

    /**
     * How many decoded bytes are read at most. PNG and WebP keep their size within the first 30 bytes; a JPEG
     * keeps it after its APPn segments (EXIF, ICC profile, XMP), which in practice stay well within this.
     */
    public static final int MAX_PREFIX_BYTES = 64 * 1024;

    /** The formats Kiln accepts inline, with the media type that declares each. */
    public enum Format {
        PNG("image/png", "PNG"),
        JPEG("image/jpeg", "JPEG"),
        WEBP("image/webp", "WebP");

        private final String mediaType;
        private final String label;

        Format(String mediaType, String label) {
            this.mediaType = mediaType;
            this.label = label;
        }

        public String mediaType() {
            return mediaType;
        }

        public String label() {
            return label;
        }

        /** The format a media type declares ({@code image/jpg} is read as JPEG); empty for any other. */
        public static Optional<Format> ofMediaType(String mediaType) {
            String media = mediaType == null ? "" : mediaType.trim().toLowerCase(Locale.ROOT);
            if (media.equals("image/jpg")) {
                return Optional.of(JPEG);
            }
            return Arrays.stream(values())
                    .filter(f -> f.mediaType.equals(media))
                    .findFirst();
        }
    }

    /** Why the size could not be read. */
    public enum ProblemKind {
        /** The text is not RFC 4648 base64. */
        NOT_BASE64,
        /** The bytes do not start with the declared format's signature. */
        NOT_DECLARED_TYPE,
        /** The data ends inside the header, before the size. */
        TRUNCATED,
        /** The header is there but damaged, or the size is not where a reader may look for it. */
        UNREADABLE_SIZE
    }

    /** What reading the header found. */
    public sealed interface Result permits Size, Problem {}

    /** The image's pixel size, as its header states it. */
    public record Size(int width, int height, Format format) implements Result {}

    /** A specific reason the bytes are not a readable image of the declared type, for a person to act on. */
    public record Problem(ProblemKind kind, String message) implements Result {}

    private ImageHeader() {}

    /**
     * Reads the header of inline base64 data (RFC 4648, no {@code data:} prefix) declared as {@code mediaType}.
     * Decodes at most {@link #MAX_PREFIX_BYTES} bytes.
     */
    public static Result readBase64(String base64, String mediaType) {
        Optional<Format> declared = Format.ofMediaType(mediaType);
        if (declared.isEmpty()) {
            return new Problem(
                    ProblemKind.NOT_DECLARED_TYPE, "the media type " + mediaType + " is not an image type Kiln reads");
        }
        String text = base64 == null ? "" : base64;
        // 4 characters carry 3 bytes; a cut at a multiple of 4 decodes on its own (padding only ends the text).
        int prefixChars = (MAX_PREFIX_BYTES + 2) / 3 * 4;
        boolean whole = text.length() <= prefixChars;
        byte[] prefix;
        try {
            prefix = Base64.getDecoder().decode(whole ? text : text.substring(0, prefixChars));
        } catch (IllegalArgumentException notBase64) {
            return new Problem(
                    ProblemKind.NOT_BASE64, "the data is not valid base64 (RFC 4648, without a data: prefix)");
        }
        if (!whole) {
            prefix = Arrays.copyOf(prefix, MAX_PREFIX_BYTES);
        }
        return read(prefix, whole, declared.get());
    }

    /**
     * Reads the header from the first bytes of an image.
     *
     * @param prefix the image's first bytes (all of them when {@code whole})
     * @param whole whether {@code prefix} is the entire image: then running out of bytes means truncated
     * @param declared the format the caller says the bytes are
     */
    public static Result read(byte[] prefix, boolean whole, Format declared) {
        HeaderBytes bytes = new HeaderBytes(prefix, whole);
        if (prefix.length == 0) {
            return new Problem(ProblemKind.TRUNCATED, "the image is empty");
        }
        Optional<String> signature = signatureProblem(bytes, declared);
        if (signature.isPresent()) {
            return new Problem(
                    bytes.startsAsPrefixOf(declared) ? ProblemKind.TRUNCATED : ProblemKind.NOT_DECLARED_TYPE,
                    signature.get());
        }
        return switch (declared) {
            case PNG -> png(bytes);
            case JPEG -> JpegFrames.size(bytes);
            case WEBP -> webp(bytes);
        };
    }

    /** What the bytes look like, when they are not the declared format; empty when the signature matches. */
    private static Optional<String> signatureProblem(HeaderBytes bytes, Format declared) {
        if (bytes.hasSignatureOf(declared)) {
            return Optional.empty();
        }
        if (bytes.startsAsPrefixOf(declared)) {
            return Optional.of(
                    "the data ends after " + bytes.length() + " bytes, inside the " + declared.label() + " signature");
        }
        String actual = Sniff.describe(bytes.data());
        return Optional.of("the data is declared " + declared.mediaType() + " but does not start with the "
                + declared.label() + " signature; " + actual);
    }

    private static Result png(HeaderBytes bytes) {
        // signature (8), IHDR length (4) and type (4), width (4), height (4), 5 more fields, CRC (4)
        if (!bytes.has(33)) {
            return bytes.runsOut(33, "the PNG header chunk (IHDR)");
        }
        if (bytes.int32(8) != 13 || !bytes.ascii(12, 4).equals("IHDR")) {
            return new Problem(ProblemKind.UNREADABLE_SIZE, "the PNG does not begin with its 13-byte IHDR chunk");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.data(), 12, 17);
        if (crc.getValue() != (bytes.int32(29) & 0xffffffffL)) {
            return new Problem(ProblemKind.UNREADABLE_SIZE, "the PNG header chunk (IHDR) fails its checksum");
        }
        int width = bytes.int32(16);
        int height = bytes.int32(20);
        if (width <= 0 || height <= 0) {
            return new Problem(
                    ProblemKind.UNREADABLE_SIZE,
                    "the PNG header states an impossible size " + Integer.toUnsignedString(width) + "×"
                            + Integer.toUnsignedString(height));
        }
        return new Size(width, height, Format.PNG);
    }

    private static Result webp(HeaderBytes bytes) {
        if (!bytes.has(20)) {
            return bytes.runsOut(20, "the first WebP chunk header");
        }
        String chunk = bytes.ascii(12, 4);
        switch (chunk) {
            case "VP8 " -> {
                // frame tag (3), start code 9d 01 2a, 14-bit width and height (each with 2 scaling bits)
                if (!bytes.has(30)) {
                    return bytes.runsOut(30, "the lossy WebP (VP8) frame header");
                }
                if ((bytes.u8(20) & 1) != 0 || bytes.u8(23) != 0x9d || bytes.u8(24) != 0x01 || bytes.u8(25) != 0x2a) {
                    return new Problem(ProblemKind.UNREADABLE_SIZE, "the lossy WebP (VP8) frame header is damaged");
                }
                return webpSize(bytes.u16le(26) & 0x3fff, bytes.u16le(28) & 0x3fff);
            }
            case "VP8L" -> {
                // signature 0x2f, then width-1 and height-1 in 14 bits each, alpha bit, 3-bit version (0)
                if (!bytes.has(25)) {
                    return bytes.runsOut(25, "the lossless WebP (VP8L) header");
                }
                long bits = bytes.u16le(21) | ((long) bytes.u16le(23) << 16);
                if (bytes.u8(20) != 0x2f || (bits >>> 29) != 0) {
                    return new Problem(ProblemKind.UNREADABLE_SIZE, "the lossless WebP (VP8L) header is damaged");
                }
                return webpSize((int) (bits & 0x3fff) + 1, (int) ((bits >>> 14) & 0x3fff) + 1);
            }
            case "VP8X" -> {
                // flags (1), reserved (3), canvas width-1 and height-1 in 24 bits each
                if (!bytes.has(30)) {
                    return bytes.runsOut(30, "the extended WebP (VP8X) header");
                }
                return webpSize(bytes.u24le(24) + 1, bytes.u24le(27) + 1);
            }
            default -> {
                return new Problem(
                        ProblemKind.UNREADABLE_SIZE,
                        "the WebP's first chunk is '" + Sniff.printable(chunk) + "', not VP8, VP8L or VP8X");
            }
        }
    }

    private static Result webpSize(int width, int height) {
        if (width == 0 || height == 0) {
            return new Problem(ProblemKind.UNREADABLE_SIZE, "the WebP header states a size of " + width + "×" + height);
        }
        return new Size(width, height, Format.WEBP);
    }
}
