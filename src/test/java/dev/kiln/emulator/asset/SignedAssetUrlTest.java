package dev.kiln.emulator.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.testing.EmulatorClient;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignedAssetUrlTest {
    private static EmulatorServer server;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(EmulatorOptions.defaults().apis(List.of()));
        client = new EmulatorClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    private String url(AssetSpec spec, Duration ttl, Scenario scenario) {
        return server.context()
                .assets()
                .url("acme", "acct-1", "task-1", "0." + spec.format().extension(), spec, ttl, scenario);
    }

    @Test
    void aSignedUrlServesTheGeneratedFileWithItsContentType() {
        AssetSpec spec = new AssetSpec("task-1", AssetFormat.GLB, 2_000_000, true);

        EmulatorClient.Download download = client.download(url(spec, Duration.ofHours(1), Scenario.NONE));

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("model/gltf-binary");
        assertThat(download.bytes()).isEqualTo(Assets.length(spec));
        assertThat(download.sha256()).isEqualTo(Assets.sha256(spec));
        assertThat(client.callCount("acme", "acct-1", AssetRoutes.OPERATION)).isEqualTo(1);
    }

    @Test
    void aUrlCarriesItsGeometryAndPbrAndRefusesThemTampered() {
        AssetSpec spec = AssetSpec.model("task-1/model.glb", AssetFormat.GLB, true, Geometry.of("task-1", 5_000))
                .withPbr(true);
        String url = url(spec, Duration.ofHours(1), Scenario.NONE);

        assertThat(client.download(url).sha256()).isEqualTo(Assets.sha256(spec));
        assertThat(client.get(url.replace("faces=5000", "faces=6000")).statusCode())
                .isEqualTo(403);
        assertThat(client.get(url.replace("pbr=1", "pbr=0")).statusCode()).isEqualTo(403);
        assertThat(client.get(url.replace("mesh=task-1", "mesh=task-2")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aDeletedTasksUrlsAnswer404UntilTheyExpire() {
        String url = url(AssetSpec.of("task-1", AssetFormat.STL), Duration.ofHours(1), Scenario.NONE);
        String other = server.context()
                .assets()
                .url(
                        "acme",
                        "acct-1",
                        "task-2",
                        "0.stl",
                        AssetSpec.of("task-2", AssetFormat.STL),
                        Duration.ofHours(1),
                        Scenario.NONE);

        server.context().assets().deleteTaskFiles("acme", "task-1");

        assertThat(client.get(url).statusCode()).isEqualTo(404);
        assertThat(client.get(url).body()).contains("<Code>NoSuchKey</Code>");
        assertThat(client.get(other).statusCode()).isEqualTo(200);
        client.advanceClock(Duration.ofHours(2));
        assertThat(client.get(url).statusCode()).isEqualTo(403);
        server.reset();
        client.advanceClock(Duration.ofMinutes(1));
        String again = url(AssetSpec.of("task-1", AssetFormat.STL), Duration.ofHours(1), Scenario.NONE);
        assertThat(client.get(again).statusCode())
                .as("a reset forgets deletions")
                .isEqualTo(200);
    }

    @Test
    void aTamperedUrlIsForbidden() {
        String url = url(AssetSpec.of("task-1", AssetFormat.STL), Duration.ofHours(1), Scenario.NONE);

        assertThat(client.get(url.replace("format=stl", "format=glb")).statusCode())
                .isEqualTo(403);
        assertThat(client.get(url.replaceAll("Signature=[0-9a-f]{4}", "Signature=0000"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.get(url.substring(0, url.indexOf("&Signature"))).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anExpiredUrlIsForbidden() {
        String url = url(AssetSpec.of("task-1", AssetFormat.PNG), Duration.ofHours(1), Scenario.NONE);
        assertThat(client.get(url).statusCode()).isEqualTo(200);

        client.advanceClock(Duration.ofMinutes(61));

        HttpResponse<String> expired = client.get(url);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("<Code>AccessDenied</Code>", "expired");
    }

    @Test
    void aScenarioShortensTheUrlLifetime() {
        String url = url(
                AssetSpec.of("task-1", AssetFormat.PNG),
                Duration.ofHours(1),
                Scenario.of(new JsonObject().put("urlTtlSeconds", 30)));
        assertThat(client.get(url).statusCode()).isEqualTo(200);

        client.advanceClock(Duration.ofSeconds(31));

        assertThat(client.get(url).statusCode()).isEqualTo(403);
    }

    @Test
    void aRangeRequestGetsThatSliceOfTheFile() {
        AssetSpec spec = new AssetSpec("task-1", AssetFormat.OBJ, 100_000, true);
        byte[] whole = Assets.generate(spec).readAll();
        String url = url(spec, Duration.ofHours(1), Scenario.NONE);

        HttpResponse<byte[]> partial = sendBytes(url, "Range", "bytes=1000-1999");

        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + whole.length);
        assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));
        assertThat(sendBytes(url, "Range", "bytes=-10").body())
                .isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));
        assertThat(sendBytes(url, "Range", "bytes=200000-").statusCode()).isEqualTo(416);
    }

    @Test
    void aTruncatingScenarioCutsTheDownloadShortOfItsLength() {
        AssetSpec spec = new AssetSpec("task-1", AssetFormat.GLB, 1_000_000, true);
        String url = url(spec, Duration.ofHours(1), Scenario.of(new JsonObject().put("truncateAtBytes", 300_000)));

        // The server promised a million bytes and closed after 300 000: the client sees a broken body.
        assertThatThrownBy(() -> client.download(url)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aDownloadRuleTruncatesUrlsIssuedBeforeIt() {
        AssetSpec spec = new AssetSpec("task-1", AssetFormat.STL, 500_000, true);
        String url = url(spec, Duration.ofHours(1), Scenario.NONE);
        client.addScenario(new JsonObject()
                .put("provider", "acme")
                .put("operation", AssetRoutes.OPERATION)
                .put("times", 1)
                .put("scenario", new JsonObject().put("truncateAtBytes", 1000)));

        assertThatThrownBy(() -> client.download(url)).isInstanceOf(UncheckedIOException.class);
        assertThat(client.download(url).sha256()).isEqualTo(Assets.sha256(spec));
    }

    @Test
    void aLargeFileStreamsWithTheExpectedChecksum() {
        // 64 MiB through a 64 KiB pump: the server never holds the file, the client hashes as it reads.
        AssetSpec spec = new AssetSpec("task-big", AssetFormat.GLB, 64L * 1024 * 1024, true);
        String expected = Assets.sha256(spec);

        EmulatorClient.Download download = client.download(url(spec, Duration.ofHours(1), Scenario.NONE));

        assertThat(download.bytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(download.sha256()).isEqualTo(expected);
    }

    @Test
    void aGigabyteFileStartsStreamingWithoutBeingBuiltFirst() throws Exception {
        AssetSpec spec = new AssetSpec("task-huge", AssetFormat.STL, 1L << 30, true);
        byte[] expectedStart = new byte[1 << 20];
        try (var in = Assets.generate(spec).open()) {
            assertThat(in.readNBytes(expectedStart, 0, expectedStart.length)).isEqualTo(expectedStart.length);
        }

        HttpResponse<java.io.InputStream> response = client.send(
                client.request(url(spec, Duration.ofHours(1), Scenario.NONE))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(Assets.length(spec));
        try (var body = response.body()) {
            assertThat(body.readNBytes(expectedStart.length)).isEqualTo(expectedStart);
        }
    }

    private static HttpResponse<byte[]> sendBytes(String url, String... headers) {
        return client.send(client.request(url).headers(headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
