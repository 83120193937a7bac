package dev.kiln.provider.meshy;

import static dev.kiln.provider.Outcomes.notCreated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StubServer;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.http.Json;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
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
            ProviderError error = notCreated(client.create(
                            "/openapi/v1/image-to-3d",
                            Json.MAPPER.createObjectNode(),
                            id -> new TaskHandle(ProviderNames.MESHY_IMAGE_TO_3D, "generate", id)))
                    .error();

            assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
            assertThat(error.retryable()).isTrue();
        } finally {
            client.close();
            vertx.closeAndAwait();
        }
    }

    @Test
    void aClientWithoutAKeySendsNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        MeshyClient client = new MeshyClient(
                vertx,
                TestConfigs.providers(Map.of("kiln.providers.meshy.base-url", StubServer.closedPortUrl()))
                        .meshy(),
                Clock.systemUTC());
        try {
            ProviderError error = notCreated(client.create(
                            "/openapi/v1/image-to-3d",
                            Json.MAPPER.createObjectNode(),
                            id -> new TaskHandle(ProviderNames.MESHY_IMAGE_TO_3D, "generate", id)))
                    .error();

            assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        } finally {
            client.close();
            vertx.closeAndAwait();
        }
    }
}
