package dev.kiln.emulator.testing;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what API tests check in a downloaded model: a GLB's JSON chunk, an FBX's triangle count. */
public final class ModelFiles {
    private ModelFiles() {}

    /** The JSON chunk of a binary glTF file. */
    public static JsonObject gltf(byte[] glb) {
        ByteBuffer buffer = ByteBuffer.wrap(glb).order(ByteOrder.LITTLE_ENDIAN);
        if (glb.length < 20 || buffer.getInt(0) != 0x46546c67) {
            throw new AssertionError("not a GLB file");
        }
        return new JsonObject(new String(glb, 20, buffer.getInt(12), StandardCharsets.UTF_8));
    }

    /** The triangles of a GLB's first primitive (non-indexed: three positions each). */
    public static long glbTriangles(byte[] glb) {
        JsonObject gltf = gltf(glb);
        int position = gltf.getJsonArray("meshes")
                .getJsonObject(0)
                .getJsonArray("primitives")
                .getJsonObject(0)
                .getJsonObject("attributes")
                .getInteger("POSITION");
        return gltf.getJsonArray("accessors").getJsonObject(position).getLong("count") / 3;
    }

    /** The polygons of a binary FBX: the element count of its PolygonVertexIndex array over three. */
    public static long fbxTriangles(byte[] fbx) {
        byte[] name = "PolygonVertexIndex".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + name.length + 6 < fbx.length; i++) {
            if (fbx[i] == name.length
                    && Arrays.equals(fbx, i + 1, i + 1 + name.length, name, 0, name.length)
                    && fbx[i + 1 + name.length] == 'i') {
                return (ByteBuffer.wrap(fbx).order(ByteOrder.LITTLE_ENDIAN).getInt(i + 2 + name.length) & 0xffffffffL)
                        / 3;
            }
        }
        throw new AssertionError("no PolygonVertexIndex array in the FBX file");
    }
}
