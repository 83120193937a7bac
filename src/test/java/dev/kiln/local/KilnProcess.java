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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kiln's packaged application ({@code target/quarkus-app}) run in a JVM of its own, configured by properties. */
public final class KilnProcess {

    private final Process process;
    private final int httpPort;
    private final Path log;

    private KilnProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static KilnProcess start(Map<String, String> config, int httpPort, Path log) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + ": build Kiln first (`./mvnw package -DskipTests`).");
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        config.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        jvm.add("-Dquarkus.http.port=" + httpPort);
        Process process = ChildJvm.start(
                "kiln", jar.toString(), jvm, "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), log);
        KilnProcess kiln = new KilnProcess(process, httpPort, log);
        boolean ready = Ports.await(Duration.ofSeconds(90), () -> !process.isAlive() || kiln.ready());
        if (!ready || !process.isAlive()) {
            ChildJvm.stop(process);
            throw new IllegalStateException(
                    "Kiln did not become ready on port " + httpPort + ":\n" + ChildJvm.tail(log));
        }
        return kiln;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    public void stop() {
        ChildJvm.stop(process);
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
