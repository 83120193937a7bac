package dev.kiln.provider;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Input images for tests: real pictures written by {@link ImageIO} (PNG, JPEG) for what is sent inline, and
 * hand-built headers (PNG, JPEG, WebP) where only the header matters, e.g. a 5000 px side without 5000 px of
 * picture.
 */
public final class TestImages {
    private TestImages() {}

    /** A real PNG of the given size: a plain square on a white ground, so it compresses to a few hundred bytes. */
    public static byte[] png(int width, int height) {
        return write(picture(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /** A real baseline JPEG (SOF0, after a JFIF APP0 segment) of the given size. */
    public static byte[] jpeg(int width, int height) {
        return write(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    private static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0xc0, 0x60, 0x30));
        g.fillRect(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
        g.dispose();
        return image;
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature and a valid IHDR chunk (with its CRC) for an image of the given size; no picture data. */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 8 + 13 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'});
        png.putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(png.array(), 12, 17);
        png.putInt((int) crc.getValue());
        return png.array();
    }

    /**
     * A JPEG up to its frame header: SOI, the given segments (each a marker byte and its payload), then a frame
     * header with {@code sofMarker} (0xC0 baseline, 0xC2 progressive...) and one component.
     */
    public static byte[] jpegHeader(int width, int height, int sofMarker, Segment... before) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xff);
        out.write(0xd8);
        for (Segment segment : before) {
            segment.writeTo(out);
        }
        new Segment(sofMarker, new byte[] {
                    8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0
                })
                .writeTo(out);
        return out.toByteArray();
    }

    /** One JPEG marker segment: {@code FF marker}, a length that counts itself, the payload. */
    public record Segment(int marker, byte[] payload) {
        public static Segment app(int n, String identifier, int size) {
            byte[] payload = new byte[size];
            byte[] id = identifier.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(id, 0, payload, 0, Math.min(id.length, size));
            return new Segment(0xe0 + n, payload);
        }

        void writeTo(ByteArrayOutputStream out) {
            out.write(0xff);
            out.write(marker);
            out.write((payload.length + 2) >> 8);
            out.write(payload.length + 2);
            out.writeBytes(payload);
        }
    }

    /** A lossy WebP (VP8 key frame) header of the given size. */
    public static byte[] webpLossy(int width, int height) {
        ByteBuffer vp8 = le(10);
        vp8.put(new byte[] {0x10, 0x02, 0x00}); // frame tag: key frame, version 0, shown
        vp8.put(new byte[] {(byte) 0x9d, 0x01, 0x2a});
        vp8.putShort((short) width).putShort((short) height);
        return riff("VP8 ", vp8.array());
    }

    /** A lossless WebP (VP8L) header of the given size (each side at most 16384). */
    public static byte[] webpLossless(int width, int height) {
        ByteBuffer vp8l = le(5);
        vp8l.put((byte) 0x2f);
        vp8l.putInt((width - 1) | (height - 1) << 14);
        return riff("VP8L", vp8l.array());
    }

    /** An extended WebP (VP8X) header with the given canvas size. */
    public static byte[] webpExtended(int width, int height) {
        ByteBuffer vp8x = le(10);
        vp8x.put(new byte[] {0x10, 0, 0, 0}); // flags: alpha
        vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        return riff("VP8X", vp8x.array());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] riff(String chunk, byte[] payload) {
        ByteBuffer riff = le(20 + payload.length);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + payload.length);
        riff.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        riff.put(chunk.getBytes(StandardCharsets.US_ASCII))
                .putInt(payload.length)
                .put(payload);
        return riff.array();
    }
}
