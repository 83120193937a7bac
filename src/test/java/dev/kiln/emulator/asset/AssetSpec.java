package dev.kiln.emulator.asset;

/**
 * What to generate: the same spec always gives the same bytes, so a test can compute a download's
 * checksum with {@link Assets#sha256(AssetSpec)}.
 *
 * @param seed what makes the file unique, usually the task id (texture colours, header text)
 * @param format the file format
 * @param sizeBytes the requested size; model files come out at the largest valid size not above it (or
 *     at their minimum size when it is smaller); images and MTL ignore it
 * @param textured whether a model carries UVs and a texture (false: a plain white model)
 */
public record AssetSpec(String seed, AssetFormat format, long sizeBytes, boolean textured) {
    /** The default size of a generated model: 1 MiB. */
    public static final long DEFAULT_SIZE = 1024 * 1024;

    public AssetSpec {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("seed required");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    public static AssetSpec of(String seed, AssetFormat format) {
        return new AssetSpec(seed, format, DEFAULT_SIZE, true);
    }
}
