package dev.kiln.provider;

import java.nio.ByteBuffer;

/** Small image byte strings that pass the emulator's signature checks. */
public final class TestImages {
    private TestImages() {}

    /** A PNG signature and header chunk for an image of the given size (enough for type and size checks). */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 8 + 13 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'});
        png.putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
        png.putInt(0);
        return png.array();
    }
}
