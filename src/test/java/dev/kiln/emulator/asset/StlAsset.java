package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/** Binary STL: an 80-byte header, the triangle count, then 50 bytes per triangle. */
final class StlAsset {
    static final int HEADER = 84;
    static final int TRIANGLE = 50;

    private StlAsset() {}

    static ByteRegion create(AssetSpec spec) {
        long triangles = spec.geometry().fillsSize()
                ? Math.max(1, (spec.sizeBytes() - HEADER) / TRIANGLE)
                : spec.geometry().faces();
        ByteSink head = new ByteSink(HEADER);
        // Must not start with "solid": readers would take the file for ASCII STL.
        byte[] text = ("Kiln provider emulator binary STL " + spec.seed()).getBytes(StandardCharsets.UTF_8);
        head.bytes(text, 0, Math.min(80, text.length)).repeat(' ', Math.max(0, 80 - text.length));
        head.u32(triangles);
        MeshPattern mesh = new MeshPattern(triangles, spec.geometry().seed());
        float[] corners = new float[9];
        float[] normal = new float[3];
        ByteRegion body = new RecordRegion(triangles, triangles * TRIANGLE, (t, sink) -> {
            mesh.triangle(t, corners);
            MeshPattern.normal(corners, normal);
            sink.f32(normal[0]).f32(normal[1]).f32(normal[2]);
            for (float coordinate : corners) {
                sink.f32(coordinate);
            }
            sink.u16(0);
        });
        return ByteRegion.concat(ByteRegion.of(head.toByteArray()), body);
    }
}
