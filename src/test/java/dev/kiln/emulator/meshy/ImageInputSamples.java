package dev.kiln.emulator.meshy;

import java.util.Base64;

/** Small valid images as data URIs. */
public final class ImageInputSamples {

    /** A PNG header declaring 256 × 256 pixels: enough for the emulator's checks. */
    public static final String PNG_DATA_URI = "data:image/png;base64,"
            + Base64.getEncoder().encodeToString(new byte[] {
                (byte) 0x89,
                'P',
                'N',
                'G',
                0x0D,
                0x0A,
                0x1A,
                0x0A,
                0,
                0,
                0,
                13,
                'I',
                'H',
                'D',
                'R',
                0,
                0,
                1,
                0,
                0,
                0,
                1,
                0
            });

    private ImageInputSamples() {}
}
