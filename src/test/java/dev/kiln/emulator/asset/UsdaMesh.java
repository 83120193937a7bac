package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/**
 * The USDA stage of a USDZ: one {@code Mesh} prim holding the shared triangle soup (points, face vertex
 * counts and indices, and {@code st} texture coordinates per vertex). Numbers are written at fixed width
 * where they can be, so the text's length is known before it is generated.
 */
final class UsdaMesh {
    private static final byte[] HEAD = ("#usda 1.0\n(\n    defaultPrim = \"Model\"\n    metersPerUnit = 1\n"
                    + "    upAxis = \"Y\"\n)\n\ndef Xform \"Model\"\n{\n    def Mesh \"Mesh\"\n    {\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNTS = "        int[] faceVertexCounts = [".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDICES = "]\n        int[] faceVertexIndices = [".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POINTS = "]\n        point3f[] points = [".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ST = "]\n        texCoord2f[] primvars:st = [".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ST_END =
            "] (\n            interpolation = \"vertex\"\n        )\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "    }\n}\n".getBytes(StandardCharsets.US_ASCII);
    /** "(" + three signed fixed numbers of 9 characters + two ", " + ")". */
    private static final int POINT = 1 + 27 + 4 + 1;
    /** "(" + two fixed numbers of 8 characters + ", " + ")". */
    private static final int UV = 1 + 16 + 2 + 1;

    private UsdaMesh() {}

    static ByteRegion of(MeshPattern mesh, boolean textured) {
        long triangles = mesh.triangles();
        long vertices = triangles * 3;
        float[] corners = new float[9];
        ByteRegion counts = new RecordRegion(
                triangles, triangles + (triangles - 1) * 2, (t, sink) -> sink.ascii(t == 0 ? "3" : ", 3"));
        ByteRegion indices =
                new RecordRegion(triangles, 1 + ObjAsset.digitsUpTo(vertices - 1) + (vertices - 1) * 2, (t, sink) -> {
                    for (long v = 3 * t; v < 3 * t + 3; v++) {
                        sink.ascii(v == 0 ? "0" : ", " + v);
                    }
                });
        ByteRegion points = new RecordRegion(triangles, vertices * POINT + (vertices - 1) * 2, (t, sink) -> {
            mesh.triangle(t, corners);
            for (int corner = 0; corner < 3; corner++) {
                sink.ascii(t == 0 && corner == 0 ? "(" : ", (");
                for (int axis = 0; axis < 3; axis++) {
                    ObjAsset.fixed(sink, corners[corner * 3 + axis], true);
                    sink.ascii(axis < 2 ? ", " : ")");
                }
            }
        });
        if (!textured) {
            return ByteRegion.concat(
                    ByteRegion.of(HEAD),
                    ByteRegion.of(COUNTS),
                    counts,
                    ByteRegion.of(INDICES),
                    indices,
                    ByteRegion.of(POINTS),
                    points,
                    ByteRegion.of("]\n".getBytes(StandardCharsets.US_ASCII)),
                    ByteRegion.of(TAIL));
        }
        float[] uvCorners = new float[9];
        ByteRegion uvs = new RecordRegion(triangles, vertices * UV + (vertices - 1) * 2, (t, sink) -> {
            mesh.triangle(t, uvCorners);
            for (int corner = 0; corner < 3; corner++) {
                sink.ascii(t == 0 && corner == 0 ? "(" : ", (");
                ObjAsset.fixed(sink, MeshPattern.u(uvCorners, corner), false);
                sink.ascii(", ");
                // USD's t runs up the image, as FBX's v.
                ObjAsset.fixed(sink, 1 - MeshPattern.v(uvCorners, corner), false);
                sink.ascii(")");
            }
        });
        return ByteRegion.concat(
                ByteRegion.of(HEAD),
                ByteRegion.of(COUNTS),
                counts,
                ByteRegion.of(INDICES),
                indices,
                ByteRegion.of(POINTS),
                points,
                ByteRegion.of(ST),
                uvs,
                ByteRegion.of(ST_END),
                ByteRegion.of(TAIL));
    }
}
