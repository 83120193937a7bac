package dev.kiln.emulator.asset;

/**
 * The geometry every model format shares: triangle 0 spans the bounding box corners (so the glTF min/max
 * are exactly -1 and 1), the others are small flakes on a Fibonacci sphere of radius 0.9. Triangle soup,
 * three vertices per triangle, StrictMath so every JVM computes the same floats.
 */
final class MeshPattern {
    private static final double GOLDEN_ANGLE = StrictMath.PI * (3 - StrictMath.sqrt(5));

    private final long triangles;
    private final double flake;

    MeshPattern(long triangles) {
        this.triangles = Math.max(1, triangles);
        this.flake = Math.min(0.05, 2.5 / StrictMath.sqrt(this.triangles));
    }

    long triangles() {
        return triangles;
    }

    /** Writes x, y, z of corner {@code corner} (0..2) of triangle {@code t} into {@code out}. */
    void position(long t, int corner, float[] out) {
        if (t == 0) {
            float[][] box = {{-1, -1, -1}, {1, 1, 1}, {1, -1, -1}};
            System.arraycopy(box[corner], 0, out, 0, 3);
            return;
        }
        long n = Math.max(1, triangles - 1);
        long i = t - 1;
        double y = 1 - (2.0 * i + 1) / n;
        double r = StrictMath.sqrt(Math.max(0, 1 - y * y));
        double phi = i * GOLDEN_ANGLE;
        double x = r * StrictMath.cos(phi);
        double z = r * StrictMath.sin(phi);
        switch (corner) {
            case 1 -> {
                x -= StrictMath.sin(phi) * flake;
                z += StrictMath.cos(phi) * flake;
            }
            case 2 -> y += flake;
            default -> {}
        }
        out[0] = (float) (0.9 * x);
        out[1] = (float) (0.9 * y);
        out[2] = (float) (0.9 * z);
    }

    /** The texture coordinate of a corner, derived from its position: always within [0, 1]. */
    static void uv(float[] position, float[] out) {
        out[0] = 0.5f + position[0] / 2;
        out[1] = 0.5f - position[1] / 2;
    }

    /** The face normal of triangle {@code t}. */
    void normal(long t, float[] out) {
        float[] a = new float[3];
        float[] b = new float[3];
        float[] c = new float[3];
        position(t, 0, a);
        position(t, 1, b);
        position(t, 2, c);
        double ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
        double vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        double len = StrictMath.sqrt(nx * nx + ny * ny + nz * nz);
        if (len == 0) {
            out[0] = 0;
            out[1] = 0;
            out[2] = 1;
            return;
        }
        out[0] = (float) (nx / len);
        out[1] = (float) (ny / len);
        out[2] = (float) (nz / len);
    }
}
