package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/**
 * The geometry every model format shares: triangle 0 spans the bounding box corners (so the glTF min/max
 * are exactly -1 and 1), the others are small flakes on a Fibonacci sphere. The geometry seed turns the
 * spiral and sets the sphere's radius and the flakes' size, so two tasks never hold the same vertices.
 * Triangle soup, three vertices per triangle, StrictMath so every JVM computes the same floats.
 */
final class MeshPattern {
    private static final double GOLDEN_ANGLE = StrictMath.PI * (3 - StrictMath.sqrt(5));

    private final long triangles;
    private final double flake;
    private final double radius;
    private final double phase;

    MeshPattern(long triangles, String seed) {
        this.triangles = Math.max(1, triangles);
        long hash = fnv1a(seed);
        // Radius 0.80–0.90 and flakes at most 0.0625: every flake corner stays inside the unit box.
        this.radius = 0.8 + ((hash >>> 16) & 0xff) / 255.0 * 0.1;
        this.flake = Math.min(0.05, 2.5 / StrictMath.sqrt(this.triangles)) * (0.75 + ((hash >>> 24) & 0xff) / 510.0);
        this.phase = (hash & 0xffff) / 65536.0 * 2 * StrictMath.PI;
    }

    long triangles() {
        return triangles;
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
        double phi = phase + i * GOLDEN_ANGLE;
        double cos = StrictMath.cos(phi);
        double sin = StrictMath.sin(phi);
        double x = r * cos;
        double z = r * sin;
        corner(out, 0, x, y, z);
        corner(out, 1, x - sin * flake, y, z + cos * flake);
        corner(out, 2, x, y + flake, z);
    }

    /** The texture coordinates of corner {@code corner} of a triangle given as nine floats: a planar map. */
    static float u(float[] corners, int corner) {
        return 0.5f + corners[corner * 3] / 2;
    }

    static float v(float[] corners, int corner) {
        return 0.5f - corners[corner * 3 + 1] / 2;
    }

    private void corner(float[] out, int corner, double x, double y, double z) {
        out[corner * 3] = (float) (radius * x);
        out[corner * 3 + 1] = (float) (radius * y);
        out[corner * 3 + 2] = (float) (radius * z);
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

    /** FNV-1a over the seed's UTF-8 bytes: the same number for the same seed on every JVM and every run. */
    private static long fnv1a(String seed) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : seed.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
