package dev.kiln.local;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.stack.LocalStack;
import dev.kiln.stack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several Kiln replicas as real, separate OS processes — the packaged application started by the test — against
 * the test run's Kafka and S3 ({@link LocalStack#forTests(String)}), PostgreSQL database {@value #DATABASE} (emptied
 * on first use in the JVM) and a provider emulator of their own. Each process has its own HTTP port and lease owner
 * id, runs the workers ({@code kiln.work.enabled=true}) with short leases ({@link KilnProcessSettings}), and logs to
 * {@code target/kiln-procs/<name>.log}. For crash tests: {@link KilnProcess#kill9()}, {@link KilnProcess#stop()}
 * (SIGSTOP), {@link KilnProcess#resume()} (SIGCONT), {@link KilnProcess#terminate()} (SIGTERM).
 *
 * <pre>{@code
 * @AutoClose static KilnProcesses kiln = KilnProcesses.start();
 * List<KilnProcess> both = kiln.startAll(KilnProcessSettings.defaults(), "a", "b");
 * }</pre>
 *
 * {@link #close()} kills every process it started, however the test ended; a JVM shutdown hook does so too should
 * the test JVM exit first, and the next run kills any that a JVM killed outright left behind.
 *
 * <p>Needs the packaged application: these tests are {@code *IT}s, run by failsafe after {@code package}.
 */
public final class KilnProcesses implements AutoCloseable {

    /** The PostgreSQL database the processes share; {@code KILN_PROCS_PG_DATABASE} names another. */
    public static final String DATABASE = "kiln_test_procs";

    /** Where each process logs, as {@code <name>.log}. */
    public static final Path LOGS = Path.of("target", "kiln-procs");

    /** A JVM option every process gets, so a later run can tell a leftover of ours from anything else. */
    private static final String MARKER = "-Dtest.kiln-process=" + LOGS.toAbsolutePath();

    private final LocalStack stack;
    private final EmulatorServer emulator;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<KilnProcess> started = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> starts = new java.util.concurrent.ConcurrentHashMap<>();

    private KilnProcesses(LocalStack stack, EmulatorServer emulator) {
        this.stack = stack;
        this.emulator = emulator;
    }

    /** The stack, and an emulator whose tasks finish in a few seconds ({@link Scenario#fastTasks()}). */
    public static KilnProcesses start() {
        return start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()));
    }

    /** The stack, and an emulator started with {@code emulatorOptions}. */
    public static KilnProcesses start(EmulatorOptions emulatorOptions) {
        killLeftovers();
        LocalStack stack = LocalStack.forTests(Optional.ofNullable(System.getenv("KILN_PROCS_PG_DATABASE"))
                .filter(s -> !s.isBlank())
                .orElse(DATABASE));
        return new KilnProcesses(stack, EmulatorServer.start(emulatorOptions));
    }

    /** Starts one process and waits until it is ready. */
    public KilnProcess start(String name, KilnProcessSettings settings) {
        return launch(name, settings).awaitReady(settings.readyWithin());
    }

    /** {@link #start(String, KilnProcessSettings)} with the defaults. */
    public KilnProcess start(String name) {
        return start(name, KilnProcessSettings.defaults());
    }

    /** Starts several processes at once (they boot side by side) and waits until every one is ready. */
    public List<KilnProcess> startAll(KilnProcessSettings settings, String... names) {
        List<KilnProcess> launched = new ArrayList<>();
        for (String name : names) {
            launched.add(launch(name, settings));
        }
        launched.forEach(p -> p.awaitReady(settings.readyWithin()));
        return launched;
    }

    /** The configuration a process named {@code name} would get: the stack, the emulator, the settings. */
    public Map<String, String> configFor(String name, String owner, KilnProcessSettings settings) {
        Map<String, String> config = new LinkedHashMap<>(stack.quarkusConfig());
        config.putAll(emulatorConfig(emulator.baseUrl()));
        config.put("kiln.work.enabled", "true");
        config.put("kiln.work.owner", owner);
        config.put("kiln.work.lease", settings.lease().toString());
        config.put("kiln.work.renew-every", settings.renewEvery().toString());
        config.put("kiln.work.sweep-every", settings.sweepEvery().toString());
        // A killed or frozen process's request partitions move to the others within seconds, not the client's 45 s
        // default (6 s is the broker's least session timeout).
        config.put("mp.messaging.incoming.job-requests.session.timeout.ms", "6000");
        config.put("mp.messaging.incoming.job-requests.heartbeat.interval.ms", "1000");
        // Only this machine's tests talk to it.
        config.put("quarkus.http.host", "127.0.0.1");
        config.putAll(settings.config());
        return config;
    }

    public LocalStack stack() {
        return stack;
    }

    public String kafkaBootstrap() {
        return stack.kafkaBootstrap();
    }

    /** The emulator every process's provider accounts point at; its admin API shows the calls Kiln made. */
    public EmulatorServer emulator() {
        return emulator;
    }

    /** Every process started so far (killed ones included), in start order. */
    public List<KilnProcess> processes() {
        return List.copyOf(started);
    }

    /** Kills every process still running (SIGKILL: a frozen one too), then stops the emulator. */
    @Override
    public void close() {
        for (KilnProcess process : started) {
            process.destroyNow();
            try {
                Files.deleteIfExists(LOGS.resolve(process.name() + ".pid"));
            } catch (IOException e) {
                // Harmless: the next run checks the pid's command line before it kills anything.
            }
        }
        emulator.close();
    }

    /** Every provider account pointed at the emulator, with the emulator's default credentials. */
    public static Map<String, String> emulatorConfig(String emulatorBaseUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kiln.providers.hitem3d.base-url", emulatorBaseUrl);
        config.put("kiln.providers.hitem3d.client-id", "emulator-client");
        config.put("kiln.providers.hitem3d.client-secret", "emulator-secret");
        config.put("kiln.providers.hunyuan.base-url", emulatorBaseUrl);
        config.put("kiln.providers.hunyuan.api-key", "emulator-hunyuan-key");
        config.put("kiln.providers.meshy.base-url", emulatorBaseUrl);
        config.put("kiln.providers.meshy.api-key", "emulator-meshy-key");
        // The emulator listens on loopback, which the outbound guard refuses: allow exactly its host and port.
        config.put("kiln.outbound.allowed-hosts", URI.create(emulatorBaseUrl).getAuthority());
        return config;
    }

    private KilnProcess launch(String name, KilnProcessSettings settings) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("A process name is lower-case letters, digits and '-': " + name);
        }
        // A restarted name gets a new owner id and log, as a restarted pod would get a new owner id.
        int nth = starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        String suffix = nth == 1 ? "" : "-" + nth;
        String owner = "proc-" + name + suffix + "-" + runId;
        try {
            Files.createDirectories(LOGS);
            KilnProcess process = KilnProcess.launch(
                    name + suffix,
                    configFor(name, owner, settings),
                    List.of(MARKER),
                    Ports.free(),
                    LOGS.resolve(name + suffix + ".log"));
            started.add(process);
            Files.writeString(LOGS.resolve(name + suffix + ".pid"), Long.toString(process.pid()));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Kiln process '" + name + "'", e);
        }
    }

    /**
     * Kills the processes an earlier run left behind when its JVM was killed outright (no shutdown hook ran):
     * only those whose command line carries this worktree's marker, so a reused pid is never touched.
     */
    private static void killLeftovers() {
        if (!Files.isDirectory(LOGS)) {
            return;
        }
        try (var pidFiles = Files.list(LOGS)) {
            for (Path pidFile :
                    pidFiles.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String text = Files.readString(pidFile).strip();
                Files.delete(pidFile);
                if (!text.matches("\\d+")) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(text))
                        .filter(p -> p.info().commandLine().orElse("").contains(MARKER))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not look for leftover Kiln processes in " + LOGS, e);
        }
    }
}
