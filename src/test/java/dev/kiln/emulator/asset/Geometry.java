package dev.kiln.emulator.asset;

/**
 * The mesh a model file holds. Every format of one task shares it (same seed, same triangle count), so
 * the FBX, OBJ, STL and GLB of a task hold the same triangles; another seed moves every vertex.
 *
 * @param seed what shapes the vertices, usually the task id
 * @param faces the triangle count; {@code 0}: as many as fill the spec's {@code sizeBytes}
 */
public record Geometry(String seed, long faces) {
    /**
     * The triangle count of a task whose request names none: close to the old 1 MiB default GLB. The
     * vendors' own defaults (Hunyuan 500 000, Meshy 30 000) are not applied, so that a default task's
     * files stay small in tests; a request that names a count gets it.
     */
    public static final long DEFAULT_FACES = 16_000;

    /**
     * The most triangles the emulator generates. Above every documented range (Hitem3D's 2 000 000 is
     * the largest) and low enough that the largest file, a textured OBJ, stays below the 4 GiB zip limit.
     */
    public static final long MAX_FACES = 4_000_000;

    public Geometry {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("geometry seed required");
        }
        if (faces < 0 || faces > MAX_FACES) {
            throw new IllegalArgumentException("faces must be between 0 and " + MAX_FACES + ": " + faces);
        }
    }

    /** {@code faces} triangles shaped by {@code seed}; a non-positive count gives the default. */
    public static Geometry of(String seed, long faces) {
        return new Geometry(seed, faces > 0 ? Math.min(faces, MAX_FACES) : DEFAULT_FACES);
    }

    /** Sized by the file: as many triangles as fill {@code sizeBytes}. */
    public static Geometry fillingSize(String seed) {
        return new Geometry(seed, 0);
    }

    boolean fillsSize() {
        return faces == 0;
    }
}
