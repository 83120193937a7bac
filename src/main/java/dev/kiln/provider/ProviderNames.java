package dev.kiln.provider;

import java.util.Set;

/** The provider names a request may carry in {@code provider}. */
public final class ProviderNames {
    public static final String HITEM3D = "hitem3d";
    public static final String HUNYUAN3D_PRO = "hunyuan3d-pro";
    public static final String MESHY_IMAGE_TO_3D = "meshy-image-to-3d";
    public static final String MESHY_MULTI_IMAGE_TO_3D = "meshy-multi-image-to-3d";
    public static final String MESHY_FIGURE = "meshy-figure";

    public static final Set<String> ALL =
            Set.of(HITEM3D, HUNYUAN3D_PRO, MESHY_IMAGE_TO_3D, MESHY_MULTI_IMAGE_TO_3D, MESHY_FIGURE);

    private ProviderNames() {}
}
