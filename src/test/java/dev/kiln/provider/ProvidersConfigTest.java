package dev.kiln.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.config.ProvidersConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProvidersConfigTest {

    @Test
    void loadsWithNoProviderConfigurationAndNoCredentials() {
        ProvidersConfig config = TestConfigs.providers();

        assertThat(config.hitem3d().clientId()).isEmpty();
        assertThat(config.hitem3d().accessToken()).isEmpty();
        assertThat(config.hunyuan().apiKey()).isEmpty();
        assertThat(config.hunyuan().baseUrl()).isEmpty();
        assertThat(config.meshy().apiKey()).isEmpty();
        assertThat(config.hitem3d().baseUrl()).isEqualTo("https://api.hitem3d.ai");
        assertThat(config.meshy().baseUrl()).isEqualTo("https://api.meshy.ai");
        assertThat(config.hitem3d().tokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.hunyuan().faceCountMin()).isEqualTo(3000);
        assertThat(config.hunyuan().maxConcurrentTasks()).isEqualTo(3);
        assertThat(config.meshy().http().poolSize()).isEqualTo(20);
    }

    @Test
    void hitem3dModelsAndFormatsComeFromConfiguration() {
        ProvidersConfig config = TestConfigs.providers();

        assertThat(config.hitem3d().models()).containsOnlyKeys("hitem3dv1", "hitem3dv1.5", "scene-portraitv1.5");
        assertThat(config.hitem3d().models().get("hitem3dv1.5").resolutions())
                .containsExactly("512", "1024", "1536", "1536pro");
        assertThat(config.hitem3d().models().get("scene-portraitv1.5").resolutions())
                .containsExactly("1536");
        assertThat(config.hitem3d().formatCodes()).containsEntry("obj", 1).containsEntry("fbx", 4);
    }

    @Test
    void anOperatorCanAddAModelWithoutARelease() {
        ProvidersConfig config = TestConfigs.providers(java.util.Map.of(
                "kiln.providers.hitem3d.models.\"hitem3dv2.0\".resolutions", "1536,1536pro",
                "kiln.providers.hitem3d.models.\"hitem3dv2.0\".texture-stage", "false"));

        assertThat(config.hitem3d().models().get("hitem3dv2.0").textureStage()).isFalse();
        assertThat(config.hitem3d().models()).containsKey("hitem3dv1");
    }
}
