package dev.kiln.provider.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.StubServer;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.http.Json;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeshyNotSentTest {
    @Test
    void aCreateThatCouldNotConnectCreatedNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        MeshyClient client = new MeshyClient(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.meshy.base-url",
                                StubServer.closedPortUrl(),
                                "kiln.providers.meshy.api-key",
                                "stub-key"))
                        .meshy(),
                Clock.systemUTC());
        try {
            ProviderError error = null;
            try {
                client.create("/openapi/v1/image-to-3d", Json.MAPPER.createObjectNode())
                        .await()
                        .atMost(Duration.ofSeconds(20));
            } catch (ProviderException expected) {
                error = expected.error();
            }

            assertThat(error).isNotNull();
            assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
            assertThat(error.retryable()).isTrue();
            assertThat(error.outcomeUnknown()).isFalse();
        } finally {
            client.close();
            vertx.closeAndAwait();
        }
    }
}
