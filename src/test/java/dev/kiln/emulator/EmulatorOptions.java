package dev.kiln.emulator;

import dev.kiln.emulator.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How to start an {@link EmulatorServer}. Immutable; build with {@link #defaults()} and the withers. */
public final class EmulatorOptions {
    private final String host;
    private final int port;
    private final String signingKey;
    private final Duration tickInterval;
    private final List<EmulatedApi> apis;
    private final Scenario baseScenario;
    private final String publicBaseUrl;

    private EmulatorOptions(
            String host,
            int port,
            String signingKey,
            Duration tickInterval,
            List<EmulatedApi> apis,
            Scenario baseScenario,
            String publicBaseUrl) {
        this.host = host;
        this.port = port;
        this.signingKey = signingKey;
        this.tickInterval = tickInterval;
        this.apis = apis;
        this.baseScenario = baseScenario;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Loopback, a random free port, every API found by ServiceLoader, vendor-like task durations. */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions(
                "127.0.0.1", 0, "kiln-emulator-url-signing", Duration.ofMillis(50), null, Scenario.NONE, null);
    }

    public EmulatorOptions host(String host) {
        return new EmulatorOptions(host, port, signingKey, tickInterval, apis, baseScenario, publicBaseUrl);
    }

    /** The port to listen on; 0 picks a free one (read it back from {@link EmulatorServer#port()}). */
    public EmulatorOptions port(int port) {
        return new EmulatorOptions(host, port, signingKey, tickInterval, apis, baseScenario, publicBaseUrl);
    }

    /** The HMAC key that signs asset URLs. Not a secret: it only protects the emulator's own URLs. */
    public EmulatorOptions signingKey(String signingKey) {
        return new EmulatorOptions(host, port, signingKey, tickInterval, apis, baseScenario, publicBaseUrl);
    }

    /** How often the task engine moves tasks along and fires callbacks. */
    public EmulatorOptions tickInterval(Duration tickInterval) {
        return new EmulatorOptions(host, port, signingKey, tickInterval, apis, baseScenario, publicBaseUrl);
    }

    /** The APIs to mount, instead of those found by ServiceLoader. */
    public EmulatorOptions apis(List<EmulatedApi> apis) {
        return new EmulatorOptions(
                host, port, signingKey, tickInterval, List.copyOf(apis), baseScenario, publicBaseUrl);
    }

    /**
     * A scenario that applies to everything and survives resets, e.g. {@code Scenario.fastTasks()} in tests.
     * More specific scenario rules override its knobs.
     */
    public EmulatorOptions baseScenario(Scenario baseScenario) {
        return new EmulatorOptions(
                host, port, signingKey, tickInterval, apis, Objects.requireNonNull(baseScenario), publicBaseUrl);
    }

    /**
     * The base URL clients reach the emulator at, when it differs from the listening address (e.g.
     * {@code http://emulator:8090} in a compose stack). Asset URLs are built on it. Null: the listening address.
     */
    public EmulatorOptions publicBaseUrl(String publicBaseUrl) {
        return new EmulatorOptions(host, port, signingKey, tickInterval, apis, baseScenario, publicBaseUrl);
    }

    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String signingKey() {
        return signingKey;
    }

    public Duration tickInterval() {
        return tickInterval;
    }

    /** The explicit API list, or null to use ServiceLoader. */
    public List<EmulatedApi> apis() {
        return apis;
    }

    public Scenario baseScenario() {
        return baseScenario;
    }
}
