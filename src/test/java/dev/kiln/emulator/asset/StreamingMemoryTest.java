package dev.kiln.emulator.asset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorMain;
import dev.kiln.emulator.testing.EmulatorClient;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Serves a file five times larger than the heap of the emulator's JVM: it only works if the file is
 * streamed, never held. The emulator runs as a child process, as the standalone command starts it.
 */
class StreamingMemoryTest {
    private static final long SIZE = 256L * 1024 * 1024;
    private static final Pattern BANNER = Pattern.compile("emulator on (http://\\S+) serving");

    @Test
    void aFileFarLargerThanTheHeapStreamsWithTheExpectedChecksum() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process emulator = new ProcessBuilder(
                        java,
                        "-Xmx48m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmulatorMain.class.getName(),
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        try {
            String baseUrl = readBaseUrl(emulator).get(60, TimeUnit.SECONDS);
            EmulatorClient client = new EmulatorClient(baseUrl);
            AssetSpec spec = new AssetSpec("huge-task", AssetFormat.GLB, SIZE, true);
            String url = EmulatorClient.json(EmulatorClient.expect(
                            client.postJson(
                                    "/_emulator/assets",
                                    new JsonObject()
                                            .put("seed", spec.seed())
                                            .put("format", "glb")
                                            .put("sizeBytes", SIZE)
                                            .put("textured", true)),
                            201))
                    .getString("url");

            EmulatorClient.Download download = client.download(url);

            assertThat(download.bytes()).isEqualTo(SIZE);
            assertThat(download.sha256()).isEqualTo(Assets.sha256(spec));
            assertThat(emulator.isAlive()).as("the 48 MB emulator survived").isTrue();
        } finally {
            emulator.destroy();
            if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
                emulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the child's output until the startup banner names its URL; keeps draining it afterwards. */
    private static CompletableFuture<String> readBaseUrl(Process process) {
        CompletableFuture<String> baseUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher matcher = BANNER.matcher(line);
                    if (matcher.find()) {
                        baseUrl.complete(matcher.group(1));
                    }
                }
                baseUrl.completeExceptionally(new IllegalStateException("the emulator exited before it listened"));
            } catch (IOException e) {
                baseUrl.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return baseUrl;
    }
}
