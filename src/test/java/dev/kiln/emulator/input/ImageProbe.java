package dev.kiln.emulator.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads what a vendor checks in an input image without decoding it: the format from the magic bytes and
 * the dimensions from the header (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X).
 */
public final class ImageProbe {
    /** An input image's format and size. */
    public record ImageInfo(String format, int width, int height, long bytes) {}

    private ImageProbe() {}

    /**
     * Decodes base64 (optionally a {@code data:image/...;base64,} URI) and probes it; empty when it is not
     * base64 or not a PNG, JPEG or WebP image.
     */
    public static Optional<ImageInfo> probeBase64(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String payload = text.trim();
        if (payload.startsWith("data:")) {
            int comma = payload.indexOf(',');
            if (comma < 0) {
                return Optional.empty();
            }
            payload = payload.substring(comma + 1);
        }
        try {
            return probe(Base64.getMimeDecoder().decode(payload));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The bytes {@link #signature} needs to tell the formats apart. */
    public static final int SIGNATURE_BYTES = 12;

    /**
     * The format its first bytes (at least {@link #SIGNATURE_BYTES} when there are that many) say a file
     * is: {@code png} (89 'PNG' CR LF 1A LF), {@code jpeg} (FF D8 FF) or {@code webp} ('RIFF' size
     * 'WEBP'); empty for anything else, whatever the file is called.
     */
    public static Optional<String> signature(byte[] head) {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (head.length >= png.length && java.util.Arrays.equals(head, 0, png.length, png, 0, png.length)) {
            return Optional.of("png");
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of("jpeg");
        }
        if (head.length >= 12
                && ascii(head, 0, 4).equals("RIFF")
                && ascii(head, 8, 4).equals("WEBP")) {
            return Optional.of("webp");
        }
        return Optional.empty();
    }

    public static Optional<ImageInfo> probe(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            if (bytes.length >= 24
                    && (bytes[0] & 0xff) == 0x89
                    && bytes[1] == 'P'
                    && bytes[2] == 'N'
                    && bytes[3] == 'G') {
                return Optional.of(new ImageInfo("png", buffer.getInt(16), buffer.getInt(20), bytes.length));
            }
            if (bytes.length >= 4 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
                return jpeg(buffer);
            }
            if (bytes.length >= 30
                    && ascii(bytes, 0, 4).equals("RIFF")
                    && ascii(bytes, 8, 4).equals("WEBP")) {
                return webp(bytes);
            }
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<ImageInfo> jpeg(ByteBuffer buffer) {
        int position = 2;
        while (position + 9 < buffer.limit()) {
            if ((buffer.get(position) & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = buffer.get(position + 1) & 0xff;
            int length = buffer.getShort(position + 2) & 0xffff;
            boolean startOfFrame =
                    marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (startOfFrame) {
                int height = buffer.getShort(position + 5) & 0xffff;
                int width = buffer.getShort(position + 7) & 0xffff;
                return Optional.of(new ImageInfo("jpeg", width, height, buffer.limit()));
            }
            position += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<ImageInfo> webp(byte[] bytes) {
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String chunk = ascii(bytes, 12, 4);
        switch (chunk) {
            case "VP8 " -> {
                int width = le.getShort(26) & 0x3fff;
                int height = le.getShort(28) & 0x3fff;
                return Optional.of(new ImageInfo("webp", width, height, bytes.length));
            }
            case "VP8L" -> {
                int bits = le.getInt(21);
                return Optional.of(
                        new ImageInfo("webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, bytes.length));
            }
            case "VP8X" -> {
                int width = 1 + ((bytes[24] & 0xff) | (bytes[25] & 0xff) << 8 | (bytes[26] & 0xff) << 16);
                int height = 1 + ((bytes[27] & 0xff) | (bytes[28] & 0xff) << 8 | (bytes[29] & 0xff) << 16);
                return Optional.of(new ImageInfo("webp", width, height, bytes.length));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
