package dev.kiln.emulator;

import dev.kiln.emulator.scenario.Scenario;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Runs the emulator standalone:
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kiln.emulator.EmulatorMain \
 *     -Dexec.args="--port 8090 --host 0.0.0.0 --task-seconds 10"
 * </pre>
 *
 * Options: {@code --port} (default 8090), {@code --host} (default 127.0.0.1), {@code --public-url} (the
 * base URL clients use, for asset URLs, when it is not {@code http://host:port}), {@code --task-seconds}
 * (processing time of every task; default: each API's vendor-like duration), {@code --scenario} (a base
 * scenario as inline JSON or a preset name).
 */
public final class EmulatorMain {
    private EmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmulatorOptions options = EmulatorOptions.defaults().port(8090);
        Scenario base = Scenario.NONE;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> options = options.port(Integer.parseInt(required(args[i], value)));
                case "--host" -> options = options.host(required(args[i], value));
                case "--public-url" -> options = options.publicBaseUrl(required(args[i], value));
                case "--task-seconds" -> base = base.with(Scenario.of(
                        new JsonObject().put("processingMillis", Long.parseLong(required(args[i], value)) * 1000)));
                case "--scenario" -> base = base.with(Scenario.parse(required(args[i], value))
                        .orElseThrow(() -> new IllegalArgumentException("unknown scenario: " + value)));
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
            i++;
        }
        EmulatorServer server = EmulatorServer.start(options.baseScenario(base));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        // The startup banner: the only console output of the emulator.
        System.out.println("Kiln provider emulator on " + server.baseUrl() + " serving "
                + server.apis().stream().map(EmulatedApi::provider).toList() + "; admin at " + server.baseUrl()
                + "/_emulator/calls. Ctrl-C stops it.");
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static void usage() {
        Logger.getLogger(EmulatorMain.class.getName())
                .info(
                        "EmulatorMain [--port 8090] [--host 127.0.0.1] [--public-url URL] [--task-seconds N] [--scenario JSON|preset]");
    }
}
