package dev.kiln.provider.validation;

import java.nio.charset.StandardCharsets;

/** Names what some bytes look like, so a caller who sent the wrong file learns which file they sent. */
final class Sniff {
    private Sniff() {}

    /** A clause such as "the bytes are a JPEG image" or "the bytes match no image format Kiln knows". */
    static String describe(byte[] data) {
        String kind = kind(data);
        return kind == null ? "the bytes match no image format Kiln knows" : "the bytes are " + kind;
    }

    private static String kind(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 16), StandardCharsets.ISO_8859_1);
        if (head.startsWith("\u0089PNG")) {
            return "a PNG image";
        }
        if (head.startsWith("\u00ff\u00d8\u00ff")) {
            return "a JPEG image";
        }
        if (head.startsWith("RIFF") && head.length() >= 12) {
            String form = head.substring(8, 12);
            return form.equals("WEBP") ? "a WebP image" : "a RIFF " + printable(form) + " file, not an image";
        }
        if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) {
            return "a GIF image";
        }
        if (head.startsWith("BM") && data.length >= 26) {
            return "a BMP image";
        }
        if (head.startsWith("II*\u0000") || head.startsWith("MM\u0000*")) {
            return "a TIFF image";
        }
        if (head.length() >= 12 && head.startsWith("ftyp", 4)) {
            String brand = head.substring(8, 12);
            if (brand.startsWith("avi")) {
                return "an AVIF image";
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return "a HEIF/HEIC image";
            }
            return "an ISO media file (" + printable(brand) + ")";
        }
        if (head.startsWith("%PDF")) {
            return "a PDF document";
        }
        if (head.startsWith("<?xml") || head.startsWith("<svg")) {
            return "XML or SVG text, not a raster image";
        }
        if (!head.isEmpty()
                && head.chars().allMatch(c -> c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))) {
            return "plain text, not an image";
        }
        return null;
    }

    /** Bytes shown in a message: printable ASCII as is, anything else as a dot. */
    static String printable(String bytes) {
        StringBuilder out = new StringBuilder();
        bytes.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '.'));
        return out.toString();
    }
}
