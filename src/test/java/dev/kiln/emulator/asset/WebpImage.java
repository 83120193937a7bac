package dev.kiln.emulator.asset;

import java.io.ByteArrayOutputStream;

/**
 * A lossless (VP8L) WebP of one colour from the seed. With a single symbol in every prefix code, the
 * pixels take no bits at all, so the whole file is a few dozen bytes.
 */
final class WebpImage {
    static final int SIZE = 64;

    private WebpImage() {}

    static byte[] solid(String seed) {
        int hash = seed.hashCode();
        BitWriter bits = new BitWriter();
        bits.write(0x2f, 8); // VP8L signature
        bits.write(SIZE - 1, 14);
        bits.write(SIZE - 1, 14);
        bits.write(0, 1); // alpha not used
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        int[] argb = {128 + ((hash >>> 8) & 0x7f), 128 + (hash & 0x7f), 128 + ((hash >>> 16) & 0x7f), 255};
        for (int symbol : argb) { // green, red, blue, alpha: one 8-bit symbol each
            bits.write(1, 1); // simple code
            bits.write(0, 1); // one symbol
            bits.write(1, 1); // 8-bit symbol
            bits.write(symbol, 8);
        }
        bits.write(1, 1); // distance: simple code, one 1-bit symbol 0
        bits.write(0, 1);
        bits.write(0, 1);
        bits.write(0, 1);
        byte[] vp8l = bits.toByteArray();
        int padded = vp8l.length + (vp8l.length % 2);
        ByteSink riff = new ByteSink();
        riff.ascii("RIFF")
                .u32(4 + 8 + padded)
                .ascii("WEBP")
                .ascii("VP8L")
                .u32(vp8l.length)
                .bytes(vp8l);
        if (vp8l.length % 2 == 1) {
            riff.u8(0);
        }
        return riff.toByteArray();
    }

    /** Least-significant bit first, as VP8L reads. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >>> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }
}
