package dev.kiln.emulator.asset;

import java.util.Locale;

/** The kinds of file the emulator generates. */
public enum AssetFormat {
    /** Binary glTF 2.0 with a mesh, and a PNG texture when textured. */
    GLB("glb", "model/gltf-binary"),
    /** Wavefront OBJ text; when textured it names {@code <seed>.mtl} and UVs. */
    OBJ("obj", "model/obj"),
    /** The material file that goes with a textured OBJ. */
    MTL("mtl", "model/mtl"),
    /** Binary STL. */
    STL("stl", "model/stl"),
    /** Binary FBX 7.4 container (header, node records, footer). */
    FBX("fbx", "application/octet-stream"),
    /** Uncompressed zip with a USDA stage first and 64-byte aligned entries. */
    USDZ("usdz", "model/vnd.usdz+zip"),
    /** OPC zip with [Content_Types].xml, _rels/.rels and 3D/3dmodel.model. */
    THREE_MF("3mf", "model/3mf"),
    /** A zip of model.obj, model.mtl and texture.png (how Hunyuan delivers OBJ). */
    OBJ_ZIP("zip", "application/zip"),
    /** A PNG texture or preview image. */
    PNG("png", "image/png"),
    /** A lossless WebP image (covers). */
    WEBP("webp", "image/webp");

    private final String extension;
    private final String contentType;

    AssetFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The name used in asset URLs. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AssetFormat fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
