package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/**
 * Binary FBX 7.4 holding the same triangle soup as the GLB: a header extension, global settings (Y up,
 * metres), definitions, and the objects a reader needs — a {@code Geometry} (Vertices,
 * PolygonVertexIndex and, when textured, UVs by polygon vertex), a {@code Model}, a {@code Material} and,
 * when textured, a {@code Texture} whose {@code Video} embeds the PNG — wired by {@code Connections}. The
 * top-level list ends with the null record, then the footer. When sized by bytes, trailing spaces in the
 * top-level {@code Creator} string absorb what the triangles leave over.
 */
final class FbxAsset {
    static final byte[] MAGIC = "Kaydara FBX Binary  \0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 7400;
    static final String TEXTURE_FILE = "texture.png";
    private static final int HEADER = MAGIC.length + 2 + 4;
    private static final String CREATOR = "Kiln provider emulator";
    /** FileId and CreationTime: the fixed pair other exporters write, which the FBX SDK accepts. */
    private static final byte[] FILE_ID =
            bytes(0x28, 0xb3, 0x2a, 0xeb, 0xb6, 0x24, 0xcc, 0xc2, 0xbf, 0xc8, 0xb0, 0x2a, 0xa9, 0x2b, 0xfc, 0xf1);

    private static final String CREATION_TIME = "1970-01-01 10:00:00:000";
    private static final byte[] FOOTER_ID =
            bytes(0xfa, 0xbc, 0xab, 0x09, 0xd0, 0xc8, 0xd4, 0x66, 0xb1, 0x76, 0xfb, 0x83, 0x1c, 0xf7, 0x26, 0x7e);
    private static final byte[] FOOTER_MAGIC =
            bytes(0xf8, 0x5a, 0x8c, 0x6a, 0xde, 0xf5, 0xd9, 0x7e, 0xec, 0xe9, 0x0c, 0xe3, 0x75, 0x8f, 0x29, 0x0b);
    private static final long GEOMETRY_ID = 1_000_001L;
    private static final long MODEL_ID = 1_000_002L;
    private static final long MATERIAL_ID = 1_000_003L;
    private static final long TEXTURE_ID = 1_000_004L;
    private static final long VIDEO_ID = 1_000_005L;
    /** Bytes per triangle: 9 doubles of positions, 3 indices, and when textured 6 UV doubles, 3 UV indices. */
    private static final int PER_TRIANGLE = 72 + 12;

    private static final int PER_TEXTURED_TRIANGLE = PER_TRIANGLE + 48 + 12;

    private FbxAsset() {}

    static ByteRegion create(AssetSpec spec) {
        long triangles = spec.geometry().faces();
        int creatorPadding = 0;
        if (spec.geometry().fillsSize()) {
            long target = spec.sizeBytes();
            int perTriangle = spec.textured() ? PER_TEXTURED_TRIANGLE : PER_TRIANGLE;
            triangles = Fit.largest(1, Math.max(1, target / perTriangle), target, t -> length(spec, t, 0));
            long spare = Math.max(0, target - length(spec, triangles, 0));
            creatorPadding = (int) Math.min(spare, Integer.MAX_VALUE);
            while (creatorPadding > 0 && length(spec, triangles, creatorPadding) > target) {
                creatorPadding--; // the footer's alignment padding moves with the content's end
            }
        }
        FbxNode.Output out = new FbxNode.Output();
        out.sink().bytes(MAGIC).u8(0x1a).u8(0x00).u32(VERSION);
        long position = HEADER;
        for (FbxNode node : document(spec, triangles, creatorPadding)) {
            node.write(position, out);
            position += node.length();
        }
        out.sink().repeat(0, FbxNode.NULL_RECORD);
        footer(out.sink(), position + FbxNode.NULL_RECORD);
        return out.toRegion();
    }

    private static long length(AssetSpec spec, long triangles, int creatorPadding) {
        long content = HEADER;
        for (FbxNode node : document(spec, triangles, creatorPadding)) {
            content += node.length();
        }
        long afterNull = content + FbxNode.NULL_RECORD;
        return afterNull + footerLength(afterNull);
    }

    private static FbxNode[] document(AssetSpec spec, long triangles, int creatorPadding) {
        FbxNode timestamp = new FbxNode("CreationTimeStamp")
                .add("Version", 1000)
                .add("Year", 1970)
                .add("Month", 1)
                .add("Day", 1)
                .add("Hour", 10)
                .add("Minute", 0)
                .add("Second", 0)
                .add("Millisecond", 0);
        FbxNode headerExtension = new FbxNode("FBXHeaderExtension")
                .add("FBXHeaderVersion", 1003)
                .add("FBXVersion", VERSION)
                .add("EncryptionType", 0)
                .add(timestamp)
                .add("Creator", CREATOR);
        FbxNode globalSettings = new FbxNode("GlobalSettings")
                .add("Version", 1000)
                .add(new FbxNode("Properties70")
                        .add(property("UpAxis", "int", "Integer", 1))
                        .add(property("UpAxisSign", "int", "Integer", 1))
                        .add(property("FrontAxis", "int", "Integer", 2))
                        .add(property("FrontAxisSign", "int", "Integer", 1))
                        .add(property("CoordAxis", "int", "Integer", 0))
                        .add(property("CoordAxisSign", "int", "Integer", 1))
                        .add(property("OriginalUpAxis", "int", "Integer", 1))
                        .add(property("OriginalUpAxisSign", "int", "Integer", 1))
                        // FBX units are centimetres: 100 says the coordinates are metres, as in the GLB.
                        .add(property("UnitScaleFactor", "double", "Number", 100.0))
                        .add(property("OriginalUnitScaleFactor", "double", "Number", 100.0)));
        boolean textured = spec.textured();
        FbxNode definitions = new FbxNode("Definitions")
                .add("Version", 100)
                .add("Count", textured ? 6 : 4)
                .add(objectType("GlobalSettings"))
                .add(objectType("Model"))
                .add(objectType("Geometry"))
                .add(objectType("Material"));
        if (textured) {
            definitions.add(objectType("Texture")).add(objectType("Video"));
        }
        FbxNode objects = new FbxNode("Objects")
                .add(geometry(spec, triangles))
                .add(model())
                .add(material());
        FbxNode connections = new FbxNode("Connections")
                .add("C", "OO", MODEL_ID, 0L)
                .add("C", "OO", GEOMETRY_ID, MODEL_ID)
                .add("C", "OO", MATERIAL_ID, MODEL_ID);
        if (textured) {
            objects.add(texture()).add(video(PngImage.checkerboard(spec.seed())));
            connections.add("C", "OO", VIDEO_ID, TEXTURE_ID).add("C", "OP", TEXTURE_ID, MATERIAL_ID, "DiffuseColor");
        }
        return new FbxNode[] {
            headerExtension,
            new FbxNode("FileId", (Object) FILE_ID),
            new FbxNode("CreationTime", CREATION_TIME),
            new FbxNode("Creator", CREATOR + " ".repeat(creatorPadding)),
            globalSettings,
            definitions,
            objects,
            connections
        };
    }

    private static FbxNode geometry(AssetSpec spec, long triangles) {
        MeshPattern mesh = new MeshPattern(triangles, spec.geometry().seed());
        float[] corners = new float[9];
        FbxNode geometry = new FbxNode("Geometry", GEOMETRY_ID, "model\0\1Geometry", "Mesh")
                .add(new FbxNode("Vertices").array('d', triangles, 9, (t, sink) -> {
                    mesh.triangle(t, corners);
                    for (float coordinate : corners) {
                        sink.f64(coordinate);
                    }
                }))
                // A polygon's last index is stored as -(index + 1): that is how FBX ends a polygon.
                .add(new FbxNode("PolygonVertexIndex").array('i', triangles, 3, (t, sink) -> sink.u32(3 * t)
                        .u32(3 * t + 1)
                        .u32(-(3 * t + 2) - 1)))
                .add("GeometryVersion", 124);
        FbxNode layer = new FbxNode("Layer", 0).add("Version", 100);
        if (spec.textured()) {
            float[] uvCorners = new float[9];
            geometry.add(new FbxNode("LayerElementUV", 0)
                    .add("Version", 101)
                    .add("Name", "UVMap")
                    .add("MappingInformationType", "ByPolygonVertex")
                    .add("ReferenceInformationType", "IndexToDirect")
                    .add(new FbxNode("UV").array('d', triangles, 6, (t, sink) -> {
                        mesh.triangle(t, uvCorners);
                        for (int corner = 0; corner < 3; corner++) {
                            // FBX's v runs up the image, glTF's down it.
                            sink.f64(MeshPattern.u(uvCorners, corner)).f64(1 - MeshPattern.v(uvCorners, corner));
                        }
                    }))
                    .add(new FbxNode("UVIndex").array('i', triangles, 3, (t, sink) -> sink.u32(3 * t)
                            .u32(3 * t + 1)
                            .u32(3 * t + 2))));
            layer.add(new FbxNode("LayerElement").add("Type", "LayerElementUV").add("TypedIndex", 0));
        }
        geometry.add(new FbxNode("LayerElementMaterial", 0)
                .add("Version", 101)
                .add("Name", "")
                .add("MappingInformationType", "AllSame")
                .add("ReferenceInformationType", "IndexToDirect")
                .add(new FbxNode("Materials").array('i', 1, 1, (t, sink) -> sink.u32(0))));
        layer.add(
                new FbxNode("LayerElement").add("Type", "LayerElementMaterial").add("TypedIndex", 0));
        return geometry.add(layer);
    }

    private static FbxNode model() {
        return new FbxNode("Model", MODEL_ID, "model\0\1Model", "Mesh")
                .add("Version", 232)
                .add(new FbxNode("Properties70")
                        .add(property("DefaultAttributeIndex", "int", "Integer", 0))
                        .add(property("InheritType", "enum", "", 1)))
                .add("Shading", true)
                .add("Culling", "CullingOff");
    }

    private static FbxNode material() {
        return new FbxNode("Material", MATERIAL_ID, ObjAsset.MATERIAL + "\0\1Material", "")
                .add("Version", 102)
                .add("ShadingModel", "lambert")
                .add("MultiLayer", 0)
                .add(new FbxNode("Properties70")
                        .add(new FbxNode("P", "DiffuseColor", "Color", "", "A", 1.0, 1.0, 1.0))
                        .add(property("DiffuseFactor", "Number", "", 1.0)));
    }

    private static FbxNode texture() {
        return new FbxNode("Texture", TEXTURE_ID, "base_color\0\1Texture", "")
                .add("Type", "TextureVideoClip")
                .add("Version", 202)
                .add("TextureName", "base_color\0\1Texture")
                .add("Media", "base_color\0\1Video")
                .add("FileName", TEXTURE_FILE)
                .add("RelativeFilename", TEXTURE_FILE)
                .add("ModelUVTranslation", 0.0, 0.0)
                .add("ModelUVScaling", 1.0, 1.0)
                .add("Texture_Alpha_Source", "None")
                .add("Cropping", 0, 0, 0, 0);
    }

    private static FbxNode video(byte[] png) {
        return new FbxNode("Video", VIDEO_ID, "base_color\0\1Video", "Clip")
                .add("Type", "Clip")
                .add(new FbxNode("Properties70").add(new FbxNode("P", "Path", "KString", "XRefUrl", "", TEXTURE_FILE)))
                .add("UseMipMap", 0)
                .add("Filename", TEXTURE_FILE)
                .add("RelativeFilename", TEXTURE_FILE)
                .add(new FbxNode("Content", (Object) png));
    }

    private static FbxNode objectType(String type) {
        return new FbxNode("ObjectType", type).add("Count", 1);
    }

    /** A {@code P} entry of a {@code Properties70} list: name, type, label, flags, value. */
    private static FbxNode property(String name, String type, String label, Object value) {
        return new FbxNode("P", name, type, label, "", value);
    }

    /** Footer id, four zero bytes, zero padding to the next 16-byte boundary (a full 16 when already there), version, 120 zero bytes, magic. */
    private static void footer(ByteSink sink, long position) {
        sink.bytes(FOOTER_ID).repeat(0, 4);
        sink.repeat(0, alignment(position + FOOTER_ID.length + 4));
        sink.u32(VERSION).repeat(0, 120).bytes(FOOTER_MAGIC);
    }

    private static long footerLength(long position) {
        long beforePadding = FOOTER_ID.length + 4;
        return beforePadding + alignment(position + beforePadding) + 4 + 120 + FOOTER_MAGIC.length;
    }

    private static int alignment(long position) {
        int pad = (int) ((16 - position % 16) % 16);
        return pad == 0 ? 16 : pad;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
