package dev.kiln.local;

import dev.kiln.stack.ChildJvm;
import dev.kiln.stack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kiln's packaged application ({@code target/quarkus-app}) run in a JVM of its own, configured by properties: the
 * local run's Kiln, and each replica of the tests that run Kiln as processes ({@link KilnProcesses}). Besides a
 * graceful {@link #terminate()}, it can be killed ({@link #kill9()}), frozen ({@link #stop()}) and thawed
 * ({@link #resume()}) the way a crashed or paused replica would be.
 */
public final class KilnProcess {

    /** The packaged application, as {@code ./mvnw package} leaves it. */
    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path log;
    private final Map<String, String> config;

    private KilnProcess(String name, Process process, int httpPort, Path log, Map<String, String> config) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.config = Map.copyOf(config);
    }

    /** Starts Kiln and waits up to 90 s for it to report ready. */
    public static KilnProcess start(Map<String, String> config, int httpPort, Path log) throws IOException {
        KilnProcess kiln = launch("kiln", config, List.of(), httpPort, log);
        kiln.awaitReady(Duration.ofSeconds(90));
        return kiln;
    }

    /**
     * Starts Kiln without waiting for it: call {@link #awaitReady(Duration)} next (so several can boot at once).
     *
     * @param jvmArgs extra JVM options, such as a marker that finds the process again
     */
    static KilnProcess launch(String name, Map<String, String> config, List<String> jvmArgs, int httpPort, Path log)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("No " + JAR + ": build Kiln first (`./mvnw package -DskipTests`).");
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        jvm.addAll(jvmArgs);
        config.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        jvm.add("-Dquarkus.http.port=" + httpPort);
        Process process = ChildJvm.start(
                name, JAR.toString(), jvm, "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), log);
        return new KilnProcess(name, process, httpPort, log, config);
    }

    /**
     * Waits until {@code /q/health/ready} answers 200; if it does not within {@code deadline}, or the process
     * exits first, kills it and throws with the end of its log.
     */
    public KilnProcess awaitReady(Duration deadline) {
        boolean ready = Ports.await(deadline, () -> !process.isAlive() || ready());
        Duration took = Duration.between(process.info().startInstant().orElse(Instant.now()), Instant.now());
        if (!ready || !process.isAlive()) {
            destroyNow();
            throw new IllegalStateException("Kiln '" + name + "' did not become ready on port " + httpPort + " within "
                    + deadline + (process.isAlive() ? "" : " (it exited)") + ":\n" + ChildJvm.tail(log));
        }
        // The start-up time, for whoever tunes the tests' deadlines.
        System.out.printf("%s ready %d ms after its start%n", this, took.toMillis());
        return this;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>}, for REST calls to this process. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path log() {
        return log;
    }

    /** The lease owner id it runs as ({@code kiln.work.owner}), as recorded on the work items it claims. */
    public String owner() {
        String owner = config.get("kiln.work.owner");
        if (owner == null) {
            throw new IllegalStateException("Kiln '" + name + "' was started without kiln.work.owner");
        }
        return owner;
    }

    /** A property it was started with, or null. */
    public String config(String key) {
        return config.get(key);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@code /q/health/ready} answers 200 within 2 s. */
    public boolean ready() {
        return healthStatus("/q/health/ready", Duration.ofSeconds(2)) == 200;
    }

    /**
     * Whether {@code /q/health} answers at all (any status) within {@code timeout}. A frozen process keeps its
     * port, and the kernel still accepts connections for it, but nothing answers.
     */
    public boolean answersHealth(Duration timeout) {
        return healthStatus("/q/health", timeout) > 0;
    }

    /** {@code kill -9}: the JVM dies at once, with no shutdown hook, no lease handed back. Waits until it is gone. */
    public void kill9() {
        process.destroyForcibly(); // SIGKILL on Linux
        awaitExit(Duration.ofSeconds(30));
    }

    /** {@code kill -STOP}: freezes the process (a long GC pause, a stalled VM); {@link #resume()} thaws it. */
    public void stop() {
        signal("STOP");
    }

    /** {@code kill -CONT}: thaws a process frozen by {@link #stop()}. */
    public void resume() {
        signal("CONT");
    }

    /**
     * {@code kill -TERM} and waits for the exit (Quarkus shuts down gracefully, handing its leases back). Kills it if
     * it has not exited within {@code deadline} and says so.
     *
     * @return the exit code
     */
    public int terminate(Duration deadline) {
        if (process.isAlive()) {
            resume(); // a frozen JVM would only act on the SIGTERM once thawed
            process.destroy(); // SIGTERM
        }
        awaitExit(deadline);
        return process.exitValue();
    }

    /** {@link #terminate(Duration)} with 30 s. */
    public int terminate() {
        return terminate(Duration.ofSeconds(30));
    }

    /** Ends the process however it is (running, frozen), without waiting for a graceful shutdown: test clean-up. */
    void destroyNow() {
        if (process.isAlive()) {
            process.destroyForcibly(); // SIGKILL ends a frozen process too
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("Kiln '" + name + "' (pid " + pid() + ") had not exited " + deadline
                        + " after the signal; it was killed.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while waiting for Kiln '" + name + "' to exit", e);
        }
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "Kiln '" + name + "' (pid " + pid() + ") is not running: cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal, e);
        }
    }

    /** The status {@code path} answered with, or 0 when nothing answered within {@code timeout}. */
    private int healthStatus(String path, Duration timeout) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .timeout(timeout)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public String toString() {
        return "Kiln '" + name + "' (pid " + process.pid() + ", port " + httpPort + ")";
    }
}
