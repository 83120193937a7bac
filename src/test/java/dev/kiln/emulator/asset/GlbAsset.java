package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/**
 * Binary glTF 2.0: 12-byte header, a JSON chunk, a BIN chunk holding the PNG texture (textured only),
 * then the positions and texture coordinates of a triangle soup. The triangle count fills the requested
 * size; spaces at the end of the JSON chunk (allowed padding) absorb the last few bytes.
 */
final class GlbAsset {
    private static final int MAGIC = 0x46546c67; // "glTF"
    private static final int JSON_CHUNK = 0x4e4f534a;
    private static final int BIN_CHUNK = 0x004e4942;
    private static final int HEADERS = 12 + 8 + 8;

    private GlbAsset() {}

    static ByteRegion create(AssetSpec spec) {
        byte[] png = spec.textured() ? PngImage.checkerboard(spec.seed()) : new byte[0];
        long pngPadded = pad4(png.length);
        int perTriangle = spec.textured() ? 36 + 24 : 36;
        long target = spec.sizeBytes() & ~3L;
        long triangles = Fit.largest(
                1,
                Math.max(1, target / perTriangle),
                target,
                t -> HEADERS + pad4(json(spec, t, png.length, 0).length) + pngPadded + t * perTriangle);
        int unpadded = json(spec, triangles, png.length, 0).length;
        long base = HEADERS + pad4(unpadded) + pngPadded + triangles * perTriangle;
        long extra = Math.max(0, target - base);
        byte[] json = json(spec, triangles, png.length, (int) (pad4(unpadded) - unpadded + extra));
        long binLength = pngPadded + triangles * perTriangle;
        long total = HEADERS + json.length + binLength;

        ByteSink head = new ByteSink(json.length + 64);
        head.u32(MAGIC).u32(2).u32(total);
        head.u32(json.length).u32(JSON_CHUNK).bytes(json);
        head.u32(binLength).u32(BIN_CHUNK).bytes(png).repeat(0, (int) (pngPadded - png.length));

        MeshPattern mesh = new MeshPattern(triangles);
        float[] corners = new float[9];
        ByteRegion positions = new RecordRegion(triangles, triangles * 36, (t, sink) -> {
            mesh.triangle(t, corners);
            for (float coordinate : corners) {
                sink.f32(coordinate);
            }
        });
        if (!spec.textured()) {
            return ByteRegion.concat(ByteRegion.of(head.toByteArray()), positions);
        }
        float[] uvCorners = new float[9];
        ByteRegion uvs = new RecordRegion(triangles, triangles * 24, (t, sink) -> {
            mesh.triangle(t, uvCorners);
            for (int corner = 0; corner < 3; corner++) {
                sink.f32(0.5f + uvCorners[corner * 3] / 2).f32(0.5f - uvCorners[corner * 3 + 1] / 2);
            }
        });
        return ByteRegion.concat(ByteRegion.of(head.toByteArray()), positions, uvs);
    }

    private static byte[] json(AssetSpec spec, long triangles, int pngLength, int trailingSpaces) {
        long vertices = triangles * 3;
        long pngPadded = pad4(pngLength);
        long positionsLength = triangles * 36;
        long buffer = pngPadded + positionsLength + (spec.textured() ? triangles * 24 : 0);
        StringBuilder json = new StringBuilder(1024);
        json.append("{\"asset\":{\"version\":\"2.0\",\"generator\":\"Kiln provider emulator\"},")
                .append("\"scene\":0,\"scenes\":[{\"nodes\":[0]}],\"nodes\":[{\"mesh\":0,\"name\":\"model\"}],");
        if (spec.textured()) {
            json.append("\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":1},")
                    .append("\"material\":0}]}],")
                    .append("\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0},")
                    .append("\"metallicFactor\":0,\"roughnessFactor\":1}}],")
                    .append("\"textures\":[{\"source\":0,\"sampler\":0}],")
                    .append("\"samplers\":[{\"magFilter\":9729,\"minFilter\":9729}],")
                    .append("\"images\":[{\"bufferView\":2,\"mimeType\":\"image/png\"}],");
        } else {
            json.append("\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"material\":0}]}],")
                    .append("\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorFactor\":[1,1,1,1],")
                    .append("\"metallicFactor\":0,\"roughnessFactor\":1}}],");
        }
        json.append("\"buffers\":[{\"byteLength\":").append(buffer).append("}],");
        json.append("\"bufferViews\":[{\"buffer\":0,\"byteOffset\":")
                .append(pngPadded)
                .append(",\"byteLength\":")
                .append(positionsLength)
                .append(",\"target\":34962}");
        if (spec.textured()) {
            json.append(",{\"buffer\":0,\"byteOffset\":")
                    .append(pngPadded + positionsLength)
                    .append(",\"byteLength\":")
                    .append(triangles * 24)
                    .append(",\"target\":34962}")
                    .append(",{\"buffer\":0,\"byteOffset\":0,\"byteLength\":")
                    .append(pngLength)
                    .append('}');
        }
        json.append("],\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":")
                .append(vertices)
                .append(",\"type\":\"VEC3\",\"min\":[-1,-1,-1],\"max\":[1,1,1]}");
        if (spec.textured()) {
            json.append(",{\"bufferView\":1,\"componentType\":5126,\"count\":")
                    .append(vertices)
                    .append(",\"type\":\"VEC2\"}");
        }
        json.append("]}");
        json.append(" ".repeat(trailingSpaces));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long pad4(long n) {
        return (n + 3) & ~3L;
    }
}
