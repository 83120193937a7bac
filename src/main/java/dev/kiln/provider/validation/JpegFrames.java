package dev.kiln.provider.validation;

import dev.kiln.provider.validation.ImageHeader.Format;
import dev.kiln.provider.validation.ImageHeader.Problem;
import dev.kiln.provider.validation.ImageHeader.ProblemKind;
import dev.kiln.provider.validation.ImageHeader.Result;
import dev.kiln.provider.validation.ImageHeader.Size;

/**
 * Finds a JPEG's frame header by walking its segments (ITU T.81, B.1.1): after SOI every segment is a marker
 * {@code FF xx} and, for all but the stand-alone markers, a two-byte length that includes itself. The frame
 * header (SOF0..SOF15 except DHT C4, JPG C8 and DAC CC) holds precision, height and width.
 */
final class JpegFrames {
    private static final int SOI = 0xd8;
    private static final int EOI = 0xd9;
    private static final int SOS = 0xda;
    private static final int TEM = 0x01;

    private JpegFrames() {}

    static Result size(HeaderBytes bytes) {
        int at = 2; // after SOI; the signature check saw FF D8 FF
        while (true) {
            if (!bytes.has(at + 1)) {
                return bytes.runsOut(at + 1, "the JPEG segment at byte " + at);
            }
            if (bytes.u8(at) != 0xff) {
                return damaged("expected a segment marker at byte " + at);
            }
            // Any number of FF fill bytes may precede a marker.
            while (bytes.has(at + 2) && bytes.u8(at + 1) == 0xff) {
                at++;
            }
            if (!bytes.has(at + 2)) {
                return bytes.runsOut(at + 2, "the JPEG segment at byte " + at);
            }
            int marker = bytes.u8(at + 1);
            if (marker == EOI) {
                return damaged("the JPEG ends (EOI) before its frame header");
            }
            if (marker == SOS) {
                return damaged("the JPEG's image data (SOS) starts before its frame header");
            }
            if (marker == 0x00 || marker == SOI) {
                return damaged("unexpected marker FF" + hex(marker) + " at byte " + at);
            }
            if (marker == TEM || (marker >= 0xd0 && marker <= 0xd7)) {
                at += 2; // stand-alone markers carry no length
                continue;
            }
            if (!bytes.has(at + 4)) {
                return bytes.runsOut(at + 4, "the length of JPEG segment FF" + hex(marker));
            }
            int length = bytes.u16(at + 2);
            if (length < 2) {
                return damaged("JPEG segment FF" + hex(marker) + " at byte " + at + " has an impossible length");
            }
            if (isStartOfFrame(marker)) {
                // length (2), precision (1), height (2), width (2), component count (1), 3 bytes a component;
                // the whole segment must be there, as the whole IHDR chunk must be for a PNG.
                if (length < 8) {
                    return damaged("the JPEG frame header is shorter than its fields");
                }
                if (!bytes.has(at + 2 + length)) {
                    return bytes.runsOut(at + 2 + length, "the JPEG frame header (SOF" + (marker - 0xc0) + ")");
                }
                int height = bytes.u16(at + 5);
                int width = bytes.u16(at + 7);
                if (height == 0) {
                    return damaged("the JPEG's height is left to a DNL marker after the image data");
                }
                if (width == 0) {
                    return damaged("the JPEG frame header states a width of 0");
                }
                return new Size(width, height, Format.JPEG);
            }
            at += 2 + length;
        }
    }

    /** SOF0..SOF15: C0..CF, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    private static Problem damaged(String why) {
        return new Problem(ProblemKind.UNREADABLE_SIZE, "cannot read the JPEG's size: " + why);
    }

    private static String hex(int marker) {
        return String.format("%02X", marker);
    }
}
