package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/**
 * Wavefront OBJ: fixed-width {@code v} and {@code vt} lines, {@code f} lines for a triangle soup, and,
 * when sized by bytes, a final comment line that pads to the requested size exactly. A textured OBJ names its MTL with
 * {@code mtllib} and uses its material.
 */
final class ObjAsset {
    static final String MATERIAL = "material0";
    private static final int VERTEX_LINE = 32; // "v" + 3 × (" " + sign + "d.dddddd") + "\n"
    private static final int UV_LINE = 21; // "vt" + 2 × (" d.dddddd") + "\n"

    private ObjAsset() {}

    /** An OBJ whose {@code mtllib} (when textured) is {@code mtlName}. */
    static ByteRegion create(AssetSpec spec, String mtlName) {
        byte[] header = header(spec, mtlName);
        byte[] middle =
                (spec.textured() ? "usemtl " + MATERIAL + "\ns off\n" : "s off\n").getBytes(StandardCharsets.UTF_8);
        long target = spec.sizeBytes();
        long triangles = spec.geometry().fillsSize()
                ? Fit.largest(1, Math.max(1, target / 40), target, t -> bodyLength(spec, header, middle, t))
                : spec.geometry().faces();
        long body = bodyLength(spec, header, middle, triangles);
        long padding = spec.geometry().fillsSize() ? Math.max(0, target - body) : 0;
        MeshPattern mesh = new MeshPattern(triangles, spec.geometry().seed());
        long vertices = triangles * 3;

        float[] corners = new float[9];
        ByteRegion positions = new RecordRegion(triangles, vertices * VERTEX_LINE, (t, sink) -> {
            mesh.triangle(t, corners);
            for (int corner = 0; corner < 3; corner++) {
                sink.ascii("v");
                for (int axis = 0; axis < 3; axis++) {
                    sink.u8(' ');
                    fixed(sink, corners[corner * 3 + axis], true);
                }
                sink.u8('\n');
            }
        });
        float[] uvCorners = new float[9];
        ByteRegion uvs = new RecordRegion(
                spec.textured() ? triangles : 0, spec.textured() ? vertices * UV_LINE : 0, (t, sink) -> {
                    mesh.triangle(t, uvCorners);
                    for (int corner = 0; corner < 3; corner++) {
                        sink.ascii("vt ");
                        fixed(sink, MeshPattern.u(uvCorners, corner), false);
                        sink.u8(' ');
                        fixed(sink, MeshPattern.v(uvCorners, corner), false);
                        sink.u8('\n');
                    }
                });
        ByteRegion faces = new RecordRegion(triangles, faceBytes(spec, triangles), (t, sink) -> {
            sink.ascii("f");
            for (long v = 3 * t + 1; v <= 3 * t + 3; v++) {
                sink.u8(' ').ascii(Long.toString(v));
                if (spec.textured()) {
                    sink.u8('/').ascii(Long.toString(v));
                }
            }
            sink.u8('\n');
        });
        return ByteRegion.concat(
                ByteRegion.of(header),
                positions,
                uvs,
                ByteRegion.of(middle),
                faces,
                new RecordRegion(padding > 0 ? 1 : 0, padding, (i, sink) -> commentLine(sink, padding)));
    }

    static byte[] material(String textureName) {
        return ("# Kiln provider emulator\nnewmtl " + MATERIAL + "\nKa 1 1 1\nKd 1 1 1\nKs 0 0 0\nd 1\nillum 1\n"
                        + "map_Kd " + textureName + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(AssetSpec spec, String mtlName) {
        String header = "# Kiln provider emulator: deterministic mesh for "
                + spec.seed().replace('\n', ' ') + "\n" + (spec.textured() ? "mtllib " + mtlName + "\n" : "")
                + "o model\n";
        return header.getBytes(StandardCharsets.UTF_8);
    }

    private static long bodyLength(AssetSpec spec, byte[] header, byte[] middle, long triangles) {
        long vertices = triangles * 3;
        return header.length
                + vertices * VERTEX_LINE
                + (spec.textured() ? vertices * UV_LINE : 0)
                + middle.length
                + faceBytes(spec, triangles);
    }

    /** Sum of the face lines: "f a b c\n" or "f a/a b/b c/c\n" over vertex numbers 1..3T. */
    private static long faceBytes(AssetSpec spec, long triangles) {
        long digits = digitsUpTo(triangles * 3);
        return spec.textured() ? triangles * 8 + 2 * digits : triangles * 5 + digits;
    }

    /** The number of decimal digits written for 1, 2, ..., n. */
    static long digitsUpTo(long n) {
        long total = 0;
        long low = 1;
        for (int width = 1; low <= n; width++, low *= 10) {
            long high = Math.min(n, low * 10 - 1);
            total += (high - low + 1) * width;
        }
        return total;
    }

    /** "#xxxx\n" (or a bare "\n" for one byte) of exactly {@code length} bytes. */
    private static void commentLine(ByteSink sink, long length) {
        if (length == 1) {
            sink.u8('\n');
            return;
        }
        sink.u8('#').repeat('~', (int) (length - 2)).u8('\n');
    }

    /** {@code [sign]d.dddddd}: 9 characters with a sign slot (space or minus), 8 without. */
    static void fixed(ByteSink sink, float value, boolean signed) {
        long micros = Math.round(Math.abs((double) value) * 1_000_000);
        if (signed) {
            sink.u8(value < 0 && micros != 0 ? '-' : ' ');
        }
        long whole = Math.min(9, micros / 1_000_000);
        long fraction = micros - whole * 1_000_000;
        sink.u8('0' + (int) whole).u8('.');
        for (long divisor = 100_000; divisor > 0; divisor /= 10) {
            sink.u8('0' + (int) (fraction / divisor % 10));
        }
    }
}
