package dev.kiln.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.net.OutboundPolicy;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets are kept per provider account: the registry's adapters name theirs, Meshy's three share one. */
class ProviderAccountsTest {
    private Vertx vertx;
    private ProviderRegistry registry;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        vertx.closeAndAwait();
    }

    private Map<String, String> accounts(Map<String, String> overrides) {
        registry = new ProviderBeans()
                .registry(vertx, TestConfigs.providers(overrides), OutboundPolicy.strict(), Clock.systemUTC());
        return registry.all().stream()
                .collect(Collectors.toMap(
                        ProviderAdapter::provider, ProviderAdapter::account, (a, b) -> a, TreeMap::new));
    }

    @Test
    void eachProviderHasItsAccountAndTheMeshyKindsShareOne() {
        assertThat(accounts(Map.of()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        ProviderNames.HITEM3D, "hitem3d",
                        ProviderNames.HUNYUAN3D_PRO, "hunyuan3d-pro",
                        ProviderNames.MESHY_IMAGE_TO_3D, "meshy",
                        ProviderNames.MESHY_MULTI_IMAGE_TO_3D, "meshy",
                        ProviderNames.MESHY_FIGURE, "meshy"));
    }

    @Test
    void anOperatorCanNameTheAccounts() {
        Map<String, String> accounts = accounts(Map.of(
                "kiln.providers.meshy.account", "meshy-studio",
                "kiln.providers.hitem3d.account", "hitem3d-eu"));

        assertThat(accounts.get(ProviderNames.HITEM3D)).isEqualTo("hitem3d-eu");
        assertThat(accounts.get(ProviderNames.HUNYUAN3D_PRO)).isEqualTo("hunyuan3d-pro");
        assertThat(accounts)
                .hasEntrySatisfying(
                        ProviderNames.MESHY_IMAGE_TO_3D, a -> assertThat(a).isEqualTo("meshy-studio"))
                .hasEntrySatisfying(ProviderNames.MESHY_MULTI_IMAGE_TO_3D, a -> assertThat(a)
                        .isEqualTo("meshy-studio"))
                .hasEntrySatisfying(
                        ProviderNames.MESHY_FIGURE, a -> assertThat(a).isEqualTo("meshy-studio"));
    }
}
