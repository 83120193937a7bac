package dev.kiln.stack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Kiln's configuration pointing every provider account at the emulator, for the local run and the tests. */
public final class EmulatorConfig {

    private EmulatorConfig() {}

    /** {@code config} plus every provider account pointed at {@code emulator}, with its default credentials. */
    public static Map<String, String> withEmulator(Map<String, String> config, String emulator) {
        Map<String, String> all = new LinkedHashMap<>(config);
        all.put("kiln.providers.hitem3d.base-url", emulator);
        all.put("kiln.providers.hitem3d.client-id", "emulator-client");
        all.put("kiln.providers.hitem3d.client-secret", "emulator-secret");
        all.put("kiln.providers.hunyuan.base-url", emulator);
        all.put("kiln.providers.hunyuan.api-key", "emulator-hunyuan-key");
        all.put("kiln.providers.meshy.base-url", emulator);
        all.put("kiln.providers.meshy.api-key", "emulator-meshy-key");
        // The emulator listens on loopback, which the outbound guard refuses: allow exactly its host and port.
        all.put("kiln.outbound.allowed-hosts", URI.create(emulator).getAuthority());
        return all;
    }
}
