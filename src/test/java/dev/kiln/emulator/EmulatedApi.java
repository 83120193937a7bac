package dev.kiln.emulator;

import io.vertx.ext.web.Router;

/**
 * One provider's emulated HTTP API. Implementations are discovered with {@link java.util.ServiceLoader}
 * (list the class in {@code src/test/resources/META-INF/services/dev.kiln.emulator.EmulatedApi}) or
 * passed explicitly in {@link EmulatorOptions#apis(java.util.List)}.
 */
public interface EmulatedApi {

    /**
     * The provider name used as the key in the call log, task store, account registry, scenario rules and
     * asset URLs, e.g. {@code "hitem3d"}. Stable and lower case.
     */
    String provider();

    /**
     * Adds this API's routes to the shared router. Paths are the vendor's real paths (they do not collide
     * between vendors). Called once, before the server listens; {@link #reset(EmulatorContext)} follows.
     */
    void mount(Router router, EmulatorContext ctx);

    /**
     * Restores the initial state: drop any provider-local state and register the default accounts again.
     * The core has already cleared the shared stores (tasks, calls, scenarios, callbacks, accounts, clock)
     * when this is called. Called after {@link #mount} and on every {@code POST /_emulator/reset}.
     */
    void reset(EmulatorContext ctx);
}
