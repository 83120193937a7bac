package dev.kiln.dispatch.budget;

import dev.kiln.provider.ProviderNames;

/** The provider accounts budgets are kept for, and which account a provider's jobs spend. */
public final class BudgetAccounts {
    public static final String HITEM3D = "hitem3d";
    public static final String HUNYUAN3D_PRO = "hunyuan3d-pro";
    /** One Meshy account stands behind image-to-3d, multi-image-to-3d and figure. */
    public static final String MESHY = "meshy";

    private BudgetAccounts() {}

    /** The account a job of this provider ({@link ProviderNames}) spends. */
    public static String forProvider(String provider) {
        return switch (provider) {
            case ProviderNames.HITEM3D -> HITEM3D;
            case ProviderNames.HUNYUAN3D_PRO -> HUNYUAN3D_PRO;
            case ProviderNames.MESHY_IMAGE_TO_3D,
                    ProviderNames.MESHY_MULTI_IMAGE_TO_3D,
                    ProviderNames.MESHY_FIGURE -> MESHY;
            default -> throw new IllegalArgumentException("No provider account for provider " + provider);
        };
    }
}
