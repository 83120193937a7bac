package dev.kiln.emulator.meshy;

/**
 * Credits the emulator charges per task. The vendor's example objects show 30 for a textured image-to-3D task, 6 for
 * a figure prototype and 20 for a figure build; the split of 30 into mesh and texture follows the pricing pages.
 */
public final class MeshyPricing {

    public static final int MESH = 20;
    public static final int MESH_MESHY_5 = 5;
    public static final int TEXTURE = 10;
    public static final int FIGURE_PROTOTYPE = 6;
    public static final int FIGURE_BUILD = 20;

    private MeshyPricing() {}
}
