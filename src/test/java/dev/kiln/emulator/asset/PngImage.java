package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * Small RGB PNGs: a two-colour checkerboard whose colours come from the seed (base colour), and the
 * PBR maps of a GLB. Compressed with stored
 * (uncompressed) deflate blocks so the bytes never depend on the zlib version.
 */
final class PngImage {
    static final int SIZE = 64;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngImage() {}

    static byte[] checkerboard(String seed) {
        int hash = seed.hashCode();
        int[] light = {160 + (hash & 0x5f), 160 + ((hash >>> 8) & 0x5f), 160 + ((hash >>> 16) & 0x5f)};
        int[] dark = {light[0] / 3, light[1] / 3, light[2] / 3};
        return rgb((x, y) -> ((x / 8 + y / 8) % 2 == 0) ? light : dark);
    }

    /**
     * A glTF metallic-roughness map: roughness in green, metallic in blue (red unused, white). Stripes of
     * two metallic levels so the map is not uniform; the levels come from the seed.
     */
    static byte[] metallicRoughness(String seed) {
        int hash = seed.hashCode();
        int roughness = 96 + (hash & 0x7f);
        int[] shiny = {255, roughness, 200 + ((hash >>> 8) & 0x3f)};
        int[] matte = {255, roughness, (hash >>> 16) & 0x3f};
        return rgb((x, y) -> (y / 16) % 2 == 0 ? shiny : matte);
    }

    /** A tangent-space normal map that points straight out everywhere: (0.5, 0.5, 1). */
    static byte[] flatNormal() {
        int[] up = {128, 128, 255};
        return rgb((x, y) -> up);
    }

    /** The colour of a pixel. */
    private interface Pixels {
        int[] rgb(int x, int y);
    }

    private static byte[] rgb(Pixels pixels) {
        ByteSink raw = new ByteSink(SIZE * (SIZE * 3 + 1));
        for (int y = 0; y < SIZE; y++) {
            raw.u8(0); // filter: none
            for (int x = 0; x < SIZE; x++) {
                int[] colour = pixels.rgb(x, y);
                raw.u8(colour[0]).u8(colour[1]).u8(colour[2]);
            }
        }
        ByteSink png = new ByteSink(16 * 1024);
        png.bytes(SIGNATURE);
        ByteSink header = new ByteSink()
                .u32be(SIZE)
                .u32be(SIZE)
                .u8(8) // bit depth
                .u8(2) // colour type: RGB
                .u8(0)
                .u8(0)
                .u8(0);
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", zlibStored(raw.toByteArray()));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] zlibStored(byte[] data) {
        ByteSink out = new ByteSink(data.length + 64);
        out.u8(0x78).u8(0x01);
        int offset = 0;
        do {
            int len = Math.min(65535, data.length - offset);
            boolean last = offset + len >= data.length;
            out.u8(last ? 1 : 0).u16(len).u16(~len & 0xffff).bytes(data, offset, len);
            offset += len;
        } while (offset < data.length);
        Adler32 adler = new Adler32();
        adler.update(data);
        out.u32be(adler.getValue());
        return out.toByteArray();
    }

    private static void chunk(ByteSink png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.u32be(data.length).bytes(typeBytes).bytes(data).u32be(crc.getValue());
    }
}
