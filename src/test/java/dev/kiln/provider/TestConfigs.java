package dev.kiln.provider;

import dev.kiln.provider.config.ProvidersConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

/** Builds the provider configuration the way Quarkus does (application.properties plus overrides), without Quarkus. */
public final class TestConfigs {
    private TestConfigs() {}

    public static ProvidersConfig providers(Map<String, String> overrides) {
        try {
            URL properties = TestConfigs.class.getClassLoader().getResource("application.properties");
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withMapping(ProvidersConfig.class)
                    // Quarkus' own converter, so "5S" and "24H" read as they do in the application
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withSources(new PropertiesConfigSource(properties, 100))
                    .withSources(new PropertiesConfigSource(overrides, "test overrides", 400))
                    .build();
            return config.getConfigMapping(ProvidersConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProvidersConfig providers() {
        return providers(Map.of());
    }
}
