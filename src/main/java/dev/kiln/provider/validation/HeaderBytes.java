package dev.kiln.provider.validation;

import dev.kiln.provider.validation.ImageHeader.Format;
import dev.kiln.provider.validation.ImageHeader.Problem;
import dev.kiln.provider.validation.ImageHeader.ProblemKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The decoded prefix of an image, with reads that know whether the image goes on past it. */
final class HeaderBytes {
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final byte[] data;
    private final boolean whole;

    HeaderBytes(byte[] data, boolean whole) {
        this.data = data;
        this.whole = whole;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return data.length;
    }

    boolean has(int count) {
        return data.length >= count;
    }

    int u8(int at) {
        return data[at] & 0xff;
    }

    int u16(int at) {
        return u8(at) << 8 | u8(at + 1);
    }

    int u16le(int at) {
        return u8(at) | u8(at + 1) << 8;
    }

    int u24le(int at) {
        return u8(at) | u8(at + 1) << 8 | u8(at + 2) << 16;
    }

    int int32(int at) {
        return u16(at) << 16 | u16(at + 2);
    }

    String ascii(int at, int count) {
        return new String(data, at, count, StandardCharsets.ISO_8859_1);
    }

    /** Running out of bytes at {@code needed}: truncated if this is the whole image, else beyond the prefix. */
    Problem runsOut(int needed, String what) {
        if (whole) {
            return new Problem(
                    ProblemKind.TRUNCATED,
                    "the image is truncated: it ends after " + data.length + " bytes, inside " + what);
        }
        return new Problem(
                ProblemKind.UNREADABLE_SIZE,
                "cannot find the size within the first " + data.length + " bytes: " + what
                        + " lies beyond them (Kiln reads no further; move metadata after the frame header)");
    }

    boolean hasSignatureOf(Format format) {
        return switch (format) {
            case PNG -> startsWith(PNG_SIGNATURE);
            case JPEG -> has(3) && u8(0) == 0xff && u8(1) == 0xd8 && u8(2) == 0xff;
            case WEBP -> has(12) && ascii(0, 4).equals("RIFF") && ascii(8, 4).equals("WEBP");
        };
    }

    /** Whether the data is shorter than the format's signature and agrees with it as far as it goes. */
    boolean startsAsPrefixOf(Format format) {
        String signature =
                switch (format) {
                    case PNG -> new String(PNG_SIGNATURE, StandardCharsets.ISO_8859_1);
                    case JPEG -> "\u00ff\u00d8\u00ff";
                    case WEBP -> "RIFF????WEBP"; // ? is the RIFF size, any value
                };
        if (data.length >= signature.length()) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            char expected = signature.charAt(i);
            if (expected != '?' && u8(i) != expected) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(byte[] signature) {
        return data.length >= signature.length
                && Arrays.equals(data, 0, signature.length, signature, 0, signature.length);
    }
}
