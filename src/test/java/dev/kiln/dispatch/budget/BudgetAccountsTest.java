package dev.kiln.dispatch.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.provider.ProviderNames;
import org.junit.jupiter.api.Test;

class BudgetAccountsTest {

    @Test
    void theThreeMeshyKindsSpendOneAccount() {
        assertThat(BudgetAccounts.forProvider(ProviderNames.MESHY_IMAGE_TO_3D)).isEqualTo(BudgetAccounts.MESHY);
        assertThat(BudgetAccounts.forProvider(ProviderNames.MESHY_MULTI_IMAGE_TO_3D))
                .isEqualTo(BudgetAccounts.MESHY);
        assertThat(BudgetAccounts.forProvider(ProviderNames.MESHY_FIGURE)).isEqualTo(BudgetAccounts.MESHY);
    }

    @Test
    void everyProviderHasAnAccount() {
        assertThat(ProviderNames.ALL).allSatisfy(provider -> assertThat(BudgetAccounts.forProvider(provider))
                .isIn(BudgetAccounts.HITEM3D, BudgetAccounts.HUNYUAN3D_PRO, BudgetAccounts.MESHY));
        assertThat(BudgetAccounts.forProvider(ProviderNames.HUNYUAN3D_PRO)).isEqualTo(BudgetAccounts.HUNYUAN3D_PRO);
    }

    @Test
    void anUnknownProviderIsAnError() {
        assertThatThrownBy(() -> BudgetAccounts.forProvider("acme")).isInstanceOf(IllegalArgumentException.class);
    }
}
