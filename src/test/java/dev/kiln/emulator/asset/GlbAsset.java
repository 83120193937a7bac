package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary glTF 2.0: 12-byte header, a JSON chunk, a BIN chunk holding the PNG textures (textured only),
 * then the positions and texture coordinates of a triangle soup. A textured model has a base-colour
 * texture; with PBR also a metallic-roughness and a normal texture, all embedded images referenced by
 * the one material. The triangle count is the geometry's, or fills the requested size; spaces at the end
 * of the JSON chunk (allowed padding) absorb the last few bytes.
 */
final class GlbAsset {
    private static final int MAGIC = 0x46546c67; // "glTF"
    private static final int JSON_CHUNK = 0x4e4f534a;
    private static final int BIN_CHUNK = 0x004e4942;
    private static final int HEADERS = 12 + 8 + 8;

    private GlbAsset() {}

    static ByteRegion create(AssetSpec spec) {
        List<byte[]> images = images(spec);
        long imagesPadded = images.stream().mapToLong(png -> pad4(png.length)).sum();
        int perTriangle = spec.textured() ? 36 + 24 : 36;
        long triangles;
        long extra = 0;
        if (spec.geometry().fillsSize()) {
            long target = spec.sizeBytes() & ~3L;
            triangles = Fit.largest(
                    1,
                    Math.max(1, target / perTriangle),
                    target,
                    t -> HEADERS + pad4(json(spec, t, images, 0).length) + imagesPadded + t * perTriangle);
            int unpadded = json(spec, triangles, images, 0).length;
            long base = HEADERS + pad4(unpadded) + imagesPadded + triangles * perTriangle;
            extra = Math.max(0, target - base);
        } else {
            triangles = spec.geometry().faces();
        }
        int unpadded = json(spec, triangles, images, 0).length;
        byte[] json = json(spec, triangles, images, (int) (pad4(unpadded) - unpadded + extra));
        long binLength = imagesPadded + triangles * perTriangle;
        long total = HEADERS + json.length + binLength;

        ByteSink head = new ByteSink(json.length + (int) imagesPadded + 64);
        head.u32(MAGIC).u32(2).u32(total);
        head.u32(json.length).u32(JSON_CHUNK).bytes(json);
        head.u32(binLength).u32(BIN_CHUNK);
        for (byte[] png : images) {
            head.bytes(png).repeat(0, (int) (pad4(png.length) - png.length));
        }

        MeshPattern mesh = new MeshPattern(triangles, spec.geometry().seed());
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
                sink.f32(MeshPattern.u(uvCorners, corner)).f32(MeshPattern.v(uvCorners, corner));
            }
        });
        return ByteRegion.concat(ByteRegion.of(head.toByteArray()), positions, uvs);
    }

    /** Base colour; with PBR then metallic-roughness and normal map. None for a white model. */
    private static List<byte[]> images(AssetSpec spec) {
        List<byte[]> images = new ArrayList<>();
        if (spec.textured()) {
            images.add(PngImage.checkerboard(spec.seed()));
            if (spec.pbr()) {
                images.add(PngImage.metallicRoughness(spec.seed()));
                images.add(PngImage.flatNormal());
            }
        }
        return images;
    }

    private static byte[] json(AssetSpec spec, long triangles, List<byte[]> images, int trailingSpaces) {
        long vertices = triangles * 3;
        long imagesPadded = images.stream().mapToLong(png -> pad4(png.length)).sum();
        long positionsLength = triangles * 36;
        long buffer = imagesPadded + positionsLength + (spec.textured() ? triangles * 24 : 0);
        StringBuilder json = new StringBuilder(1024);
        json.append("{\"asset\":{\"version\":\"2.0\",\"generator\":\"Kiln provider emulator\"},")
                .append("\"scene\":0,\"scenes\":[{\"nodes\":[0]}],\"nodes\":[{\"mesh\":0,\"name\":\"model\"}],");
        if (spec.textured()) {
            boolean pbr = images.size() == 3;
            json.append("\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":1},")
                    .append("\"material\":0}]}],")
                    .append("\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0},");
            if (pbr) {
                // The factors multiply the map: 1 lets the texture's own metallic (B) and roughness (G) show.
                json.append("\"metallicRoughnessTexture\":{\"index\":1},\"metallicFactor\":1,\"roughnessFactor\":1},")
                        .append("\"normalTexture\":{\"index\":2}}],");
            } else {
                json.append("\"metallicFactor\":0,\"roughnessFactor\":1}}],");
            }
            json.append("\"textures\":[");
            for (int i = 0; i < images.size(); i++) {
                json.append(i == 0 ? "" : ",").append("{\"source\":").append(i).append(",\"sampler\":0}");
            }
            json.append("],\"samplers\":[{\"magFilter\":9729,\"minFilter\":9729}],\"images\":[");
            for (int i = 0; i < images.size(); i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"bufferView\":")
                        .append(2 + i)
                        .append(",\"mimeType\":\"image/png\"}");
            }
            json.append("],");
        } else {
            json.append("\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"material\":0}]}],")
                    .append("\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorFactor\":[1,1,1,1],")
                    .append("\"metallicFactor\":0,\"roughnessFactor\":1}}],");
        }
        json.append("\"buffers\":[{\"byteLength\":").append(buffer).append("}],");
        json.append("\"bufferViews\":[{\"buffer\":0,\"byteOffset\":")
                .append(imagesPadded)
                .append(",\"byteLength\":")
                .append(positionsLength)
                .append(",\"target\":34962}");
        if (spec.textured()) {
            json.append(",{\"buffer\":0,\"byteOffset\":")
                    .append(imagesPadded + positionsLength)
                    .append(",\"byteLength\":")
                    .append(triangles * 24)
                    .append(",\"target\":34962}");
            long offset = 0;
            for (byte[] png : images) {
                json.append(",{\"buffer\":0,\"byteOffset\":")
                        .append(offset)
                        .append(",\"byteLength\":")
                        .append(png.length)
                        .append('}');
                offset += pad4(png.length);
            }
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
