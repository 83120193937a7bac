package dev.kiln.reconcile;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.hitem3d.Hitem3dApi;
import dev.kiln.emulator.hunyuan.HunyuanApi;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.stack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the provider emulator in the test JVM and points the application's adapters at it, with Hitem3D
 * callbacks coming back to Kiln's own test port (fixed, so the callback URL can name it).
 */
public class ProviderEmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The key of the per-job callback proof in these tests. */
    public static final String SIGNING_KEY = "reconcile-test-callback-key";

    private static EmulatorServer emulator;

    public static EmulatorServer emulator() {
        return emulator;
    }

    @Override
    public Map<String, String> start() {
        emulator = EmulatorServer.start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()));
        int port = Ports.free();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(port));
        config.put("kiln.providers.hitem3d.base-url", emulator.baseUrl());
        config.put("kiln.providers.hitem3d.client-id", Hitem3dApi.CLIENT_ID);
        config.put("kiln.providers.hitem3d.client-secret", Hitem3dApi.CLIENT_SECRET);
        config.put("kiln.providers.hitem3d.callback-base-url", "http://127.0.0.1:" + port + "/callbacks/hitem3d");
        config.put("kiln.providers.hitem3d.callback-signing-key", SIGNING_KEY);
        config.put("kiln.providers.hunyuan.base-url", emulator.baseUrl());
        config.put("kiln.providers.hunyuan.api-key", HunyuanApi.API_KEY);
        config.put("kiln.providers.meshy.base-url", emulator.baseUrl());
        config.put("kiln.providers.meshy.api-key", MeshyAccounts.DEFAULT_KEY);
        for (String provider : new String[] {"hitem3d", "hunyuan", "meshy"}) {
            config.put("kiln.providers." + provider + ".http.request-timeout", "5S");
            config.put("kiln.providers." + provider + ".rate-limit.requests-per-second", "100");
            config.put("kiln.providers." + provider + ".rate-limit.burst", "20");
        }
        return config;
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
