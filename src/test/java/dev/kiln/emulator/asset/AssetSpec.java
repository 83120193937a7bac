package dev.kiln.emulator.asset;

import dev.kiln.emulator.scenario.Scenario;

/**
 * What to generate: the same spec always gives the same bytes, so a test can compute a download's
 * checksum with {@link Assets#sha256(AssetSpec)}.
 *
 * @param seed what makes the file unique, usually the task id and file name (texture colours, header
 *     text)
 * @param format the file format
 * @param sizeBytes the requested size when the geometry {@linkplain Geometry#fillsSize() fills the size}:
 *     model files come out at the largest valid size not above it (or at their minimum size when it is
 *     smaller); ignored for a geometry with a triangle count, for images and for MTL
 * @param textured whether a model carries UVs and a texture (false: a plain white model)
 * @param geometry the mesh: its seed (the task) and triangle count
 * @param pbr whether a textured GLB carries PBR maps (metallic-roughness and normal textures next to the
 *     base colour)
 */
public record AssetSpec(
        String seed, AssetFormat format, long sizeBytes, boolean textured, Geometry geometry, boolean pbr) {
    /** The default size of a model sized by bytes: 1 MiB. */
    public static final long DEFAULT_SIZE = 1024 * 1024;

    public AssetSpec {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("seed required");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (geometry == null) {
            throw new IllegalArgumentException("geometry required");
        }
    }

    /** A file of about {@code sizeBytes}, its mesh shaped by {@code seed}. */
    public AssetSpec(String seed, AssetFormat format, long sizeBytes, boolean textured) {
        this(seed, format, sizeBytes, textured, Geometry.fillingSize(seed), false);
    }

    public static AssetSpec of(String seed, AssetFormat format) {
        return new AssetSpec(seed, format, DEFAULT_SIZE, true);
    }

    /** A task's model file: {@code geometry}'s mesh in {@code format}, no PBR maps. */
    public static AssetSpec model(String seed, AssetFormat format, boolean textured, Geometry geometry) {
        return new AssetSpec(seed, format, 0, textured, geometry, false);
    }

    public AssetSpec withPbr(boolean withPbr) {
        return new AssetSpec(seed, format, sizeBytes, textured, geometry, withPbr);
    }

    /**
     * This spec, or, when the scenario sets {@code assetSizeBytes}, one that fills that size (same seeds;
     * the triangle count then follows the size, for download tests of large files).
     */
    public AssetSpec sizedBy(Scenario scenario) {
        if (scenario.assetSizeBytes().isEmpty()) {
            return this;
        }
        long size = scenario.assetSizeBytes().getAsLong();
        return new AssetSpec(seed, format, size, textured, Geometry.fillingSize(geometry.seed()), pbr);
    }
}
