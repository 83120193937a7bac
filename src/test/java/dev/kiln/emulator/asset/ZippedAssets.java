package dev.kiln.emulator.asset;

import java.util.ArrayList;
import java.util.List;

/**
 * The zip-based formats: USDZ, 3MF and the OBJ bundle. The OBJ bundle and USDZ hold the shared mesh; 3MF
 * holds a closed tetrahedron (its core spec wants a manifold mesh, which the triangle soup is not). When
 * sized by bytes, each pads its main entry to fill the size.
 */
final class ZippedAssets {
    static final String OBJ_NAME = "model.obj";
    static final String MTL_NAME = "model.mtl";
    static final String TEXTURE_NAME = "texture.png";

    private ZippedAssets() {}

    /** model.obj (sized to fill), model.mtl and texture.png; a white model holds only model.obj. */
    static ByteRegion objBundle(AssetSpec spec) {
        byte[] mtl = ObjAsset.material(TEXTURE_NAME);
        byte[] png = PngImage.checkerboard(spec.seed());
        List<String> names = new ArrayList<>(List.of(OBJ_NAME));
        List<Long> sizes = new ArrayList<>(List.of(0L));
        if (spec.textured()) {
            names.addAll(List.of(MTL_NAME, TEXTURE_NAME));
            sizes.addAll(List.of((long) mtl.length, (long) png.length));
        }
        long overhead = StoredZip.lengthOf(names, sizes, 1);
        AssetSpec objSpec = new AssetSpec(
                spec.seed(),
                AssetFormat.OBJ,
                Math.max(0, spec.sizeBytes() - overhead),
                spec.textured(),
                spec.geometry(),
                false);
        List<StoredZip.Entry> entries = new ArrayList<>();
        entries.add(new StoredZip.Entry(OBJ_NAME, ObjAsset.create(objSpec, MTL_NAME)));
        if (spec.textured()) {
            entries.add(new StoredZip.Entry(MTL_NAME, ByteRegion.of(mtl)));
            entries.add(new StoredZip.Entry(TEXTURE_NAME, ByteRegion.of(png)));
        }
        return new StoredZip(entries, 1);
    }

    /**
     * A USDZ package: model.usda first (the shared triangle soup; when sized by bytes, as many triangles as
     * fit and comment lines for the rest), then texture.png.
     */
    static ByteRegion usdz(AssetSpec spec) {
        byte[] png = PngImage.checkerboard(spec.seed());
        List<String> names = spec.textured() ? List.of("model.usda", TEXTURE_NAME) : List.of("model.usda");
        List<Long> fixedSizes = spec.textured() ? List.of(0L, (long) png.length) : List.of(0L);
        String meshSeed = spec.geometry().seed();
        long triangles = spec.geometry().faces();
        long padding = 0;
        if (spec.geometry().fillsSize()) {
            long target = spec.sizeBytes();
            java.util.function.LongUnaryOperator zipLength =
                    t -> StoredZip.lengthOf(names, withFirst(fixedSizes, usdaLength(meshSeed, t, spec.textured())), 64);
            // 70 bytes is less than a textured triangle's text: an upper bound for the search.
            triangles = Fit.largest(1, Math.max(1, target / 70), target, zipLength);
            long textLength = usdaLength(meshSeed, triangles, spec.textured());
            // Fit gives 0 when even one triangle is larger than asked: the minimum file.
            padding = Fit.largest(
                    0, target, target, p -> StoredZip.lengthOf(names, withFirst(fixedSizes, textLength + p), 64));
        }
        ByteRegion usda = ByteRegion.concat(
                UsdaMesh.of(new MeshPattern(triangles, meshSeed), spec.textured()),
                PaddedText.of("", padding, "# ", ""));
        List<StoredZip.Entry> entries = new ArrayList<>();
        entries.add(new StoredZip.Entry("model.usda", usda));
        if (spec.textured()) {
            entries.add(new StoredZip.Entry(TEXTURE_NAME, ByteRegion.of(png)));
        }
        return new StoredZip(entries, 64);
    }

    private static long usdaLength(String meshSeed, long triangles, boolean textured) {
        return UsdaMesh.of(new MeshPattern(triangles, meshSeed), textured).length();
    }

    /** A 3MF package: content types, relationships and the model part (a tetrahedron, padded with comments). */
    static ByteRegion threeMf(AssetSpec spec) {
        String contentTypes =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>
                </Types>
                """;
        String rels =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Target="/3D/3dmodel.model" Id="rel0" \
                Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
                </Relationships>
                """;
        String model =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
                  <resources>
                    <object id="1" type="model">
                      <mesh>
                        <vertices>
                          <vertex x="0" y="0" z="0"/>
                          <vertex x="10" y="0" z="0"/>
                          <vertex x="0" y="10" z="0"/>
                          <vertex x="0" y="0" z="10"/>
                        </vertices>
                        <triangles>
                          <triangle v1="0" v2="2" v3="1"/>
                          <triangle v1="0" v2="1" v3="3"/>
                          <triangle v1="1" v2="2" v3="3"/>
                          <triangle v1="0" v2="3" v3="2"/>
                        </triangles>
                      </mesh>
                    </object>
                  </resources>
                  <build>
                    <item objectid="1"/>
                  </build>
                </model>
                """;
        List<String> names = List.of("[Content_Types].xml", "_rels/.rels", "3D/3dmodel.model");
        long typesLength = PaddedText.textLength(contentTypes);
        long relsLength = PaddedText.textLength(rels);
        long modelLength = PaddedText.textLength(model);
        long padding = Fit.largest(
                0,
                spec.sizeBytes(),
                spec.sizeBytes(),
                p -> StoredZip.lengthOf(names, List.of(typesLength, relsLength, modelLength + p), 1));
        return new StoredZip(
                List.of(
                        new StoredZip.Entry(names.get(0), PaddedText.of(contentTypes, 0, "", "")),
                        new StoredZip.Entry(names.get(1), PaddedText.of(rels, 0, "", "")),
                        new StoredZip.Entry(names.get(2), PaddedText.of(model, padding, "<!-- ", " -->"))),
                1);
    }

    private static List<Long> withFirst(List<Long> sizes, long first) {
        List<Long> result = new ArrayList<>(sizes);
        result.set(0, first);
        return result;
    }
}
