package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The standalone emulator (every API found by the ServiceLoader) serves Meshy next to the other vendors. */
class MeshyDiscoveryTest {

    @Test
    void theDefaultServerMountsMeshyWithItsDefaultKeys() {
        try (EmulatorServer emulator = EmulatorServer.start(EmulatorOptions.defaults())) {
            assertThat(emulator.apis()).anyMatch(api -> api instanceof MeshyApi);
            MeshyTestClient client = new MeshyTestClient(emulator.baseUrl());
            String id = client.create(
                    "/openapi/v1/image-to-3d",
                    MeshyAccounts.DEFAULT_KEY,
                    new JsonObject().put("image_url", "https://images.example.com/chair.png"),
                    null);
            assertThat(client.getTask("/openapi/v1/image-to-3d/" + id, MeshyAccounts.DEFAULT_KEY)
                            .getString("status"))
                    .isIn("PENDING", "IN_PROGRESS"); // vendor-like timing: 2 s queued, then 30 s running
        }
    }
}
