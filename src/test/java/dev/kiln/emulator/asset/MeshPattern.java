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
        float[] all = new float[9];
        triangle(t, all);
        System.arraycopy(all, corner * 3, out, 0, 3);
    }

    /** Writes the three corners of triangle {@code t} as x0 y0 z0 x1 y1 z1 x2 y2 z2 into {@code out}. */
    void triangle(long t, float[] out) {
        if (t == 0) {
            float[] box = {-1, -1, -1, 1, 1, 1, 1, -1, -1};
            System.arraycopy(box, 0, out, 0, 9);
            return;
        }
        long n = Math.max(1, triangles - 1);
        long i = t - 1;
        double y = 1 - (2.0 * i + 1) / n;
        double r = StrictMath.sqrt(Math.max(0, 1 - y * y));
        double phi = i * GOLDEN_ANGLE;
        double cos = StrictMath.cos(phi);
        double sin = StrictMath.sin(phi);
        double x = r * cos;
        double z = r * sin;
        corner(out, 0, x, y, z);
        corner(out, 1, x - sin * flake, y, z + cos * flake);
        corner(out, 2, x, y + flake, z);
    }

    private static void corner(float[] out, int corner, double x, double y, double z) {
        out[corner * 3] = (float) (0.9 * x);
        out[corner * 3 + 1] = (float) (0.9 * y);
        out[corner * 3 + 2] = (float) (0.9 * z);
    }

    /** The face normal of a triangle given as nine floats (see {@link #triangle}). */
    static void normal(float[] v, float[] out) {
        double ux = v[3] - v[0], uy = v[4] - v[1], uz = v[5] - v[2];
        double vx = v[6] - v[0], vy = v[7] - v[1], vz = v[8] - v[2];
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
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
