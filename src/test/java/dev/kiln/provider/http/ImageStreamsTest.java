package dev.kiln.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kiln.net.OutboundAllowlist;
import dev.kiln.net.OutboundGuard;
import dev.kiln.net.OutboundPolicy;
import dev.kiln.net.OutboundResolver;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.Requests;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageStreamsTest {
    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        // An image that never ends: 16 KiB every 10 ms.
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    requests.incrementAndGet();
                    request.connection().closeHandler(() -> closed.set(true));
                    request.response().setChunked(true).putHeader("Content-Type", "image/png");
                    Buffer chunk = Buffer.buffer(new byte[16 * 1024]);
                    long timer = vertx.setPeriodic(10, id -> {
                        if (!request.response().writeQueueFull()) {
                            request.response().write(chunk).subscribe().with(ignored -> {}, ignored -> {});
                        }
                    });
                    request.response().closeHandler(() -> vertx.cancelTimer(timer));
                })
                .listenAndAwait(0, "127.0.0.1");
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() {
        client.closeAndAwait();
        vertx.closeAndAwait();
    }

    private ImageStreams images(List<String> allowed) {
        OutboundPolicy policy = new OutboundPolicy(OutboundAllowlist.of(allowed));
        return new ImageStreams(
                new OutboundGuard(client, policy, OutboundResolver.system(vertx)), Duration.ofMinutes(5));
    }

    @Test
    void aDownloadCutOffAtTheSizeLimitClosesItsConnection() {
        ImageStreams images = images(List.of("127.0.0.1:" + server.actualPort()));
        String url = "http://127.0.0.1:" + server.actualPort() + "/big.png";

        assertThatThrownBy(() -> images.open(Requests.url(url), "input.images[0]", 64 * 1024)
                        .collect()
                        .asList()
                        .await()
                        .atMost(Duration.ofSeconds(20)))
                .isInstanceOf(InputImageException.class);

        assertThat(requests.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilTrue(closed);
    }

    @Test
    void anImageUrlInsideTheNetworkIsInvalidInputThatNoRetryFixes() {
        ImageStreams images = images(List.of());
        String url = "http://127.0.0.1:" + server.actualPort() + "/big.png";

        assertThatThrownBy(() -> images.open(Requests.url(url), "input.images[0]", 64 * 1024)
                        .collect()
                        .asList()
                        .await()
                        .atMost(Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(InputImageException.class, refused -> {
                    assertThat(refused.error().kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(refused.error().retryable()).isFalse();
                    assertThat(refused.error().message())
                            .contains("input.images[0]")
                            .contains("127.0.0.1, a loopback address");
                });
        assertThat(requests.get()).isZero();
    }
}
