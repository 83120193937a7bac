package dev.kiln.emulator.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small blocking HTTP client for emulator tests: vendor calls, downloads and the admin API. Uses
 * {@code java.net.http}, so the tests exercise real HTTP against the in-process server.
 */
public final class EmulatorClient {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The whole of a download, body included. */
    public static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "emulator-client-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final String baseUrl;
    private final HttpClient http;

    public EmulatorClient(String baseUrl) {
        this(baseUrl, HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    public EmulatorClient(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpClient http() {
        return http;
    }

    /** A request builder for a path under the base URL (or an absolute URL). */
    public HttpRequest.Builder request(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl;
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request and waits for the whole answer, body included, within {@link #TIMEOUT} (or the
     * request's own timeout when longer). {@code HttpRequest.timeout} alone stops at the headers: reading a
     * body that never ends would block forever.
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Duration deadline =
                request.timeout().filter(t -> t.compareTo(TIMEOUT) > 0).orElse(TIMEOUT);
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new UncheckedIOException(new IOException("no whole answer within " + deadline + ": " + request, e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String pathOrUrl, String... headers) {
        HttpRequest.Builder builder = request(pathOrUrl).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    public HttpResponse<String> postJson(String pathOrUrl, JsonObject body, String... headers) {
        HttpRequest.Builder builder = request(pathOrUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    /** The body of a JSON answer. */
    public static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    /** Downloads a URL, hashing it as it streams; never holds the body. */
    public Download download(String url, String... headers) {
        HttpRequest.Builder builder = request(url).timeout(DOWNLOAD_TIMEOUT).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        HttpRequest request = builder.build();
        Duration deadline = request.timeout().orElse(DOWNLOAD_TIMEOUT);
        try {
            // The headers arrive within the request's timeout; the body is closed at the deadline, so a read
            // that would block forever fails with an IOException instead.
            HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            InputStream body = response.body();
            ScheduledFuture<?> closer =
                    CLOSER.schedule(() -> closeQuietly(body), deadline.toMillis(), TimeUnit.MILLISECONDS);
            try (InputStream in = body) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    bytes += n;
                }
            } finally {
                closer.cancel(false);
            }
            return new Download(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    bytes,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // The reader sees the close as an IOException.
        }
    }

    /** A finished download. */
    public record Download(int status, String contentType, long bytes, String sha256) {}

    // Admin API

    public void reset() {
        expect(
                send(request("/_emulator/reset")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                204);
    }

    /** Calls matching the non-null filters. */
    public int callCount(String provider, String account, String operation) {
        StringBuilder query = new StringBuilder("/_emulator/calls/count?");
        if (provider != null) {
            query.append("provider=").append(provider).append('&');
        }
        if (account != null) {
            query.append("account=").append(account).append('&');
        }
        if (operation != null) {
            query.append("operation=").append(operation);
        }
        return json(expect(get(query.toString()), 200)).getInteger("count");
    }

    /** Adds a scenario rule; returns its id. */
    public String addScenario(JsonObject rule) {
        return json(expect(postJson("/_emulator/scenarios", rule), 201)).getString("id");
    }

    public void advanceClock(Duration by) {
        expect(postJson("/_emulator/clock/advance", new JsonObject().put("millis", by.toMillis())), 200);
    }

    public JsonObject task(String provider, String id) {
        return json(expect(get("/_emulator/tasks/" + provider + "/" + id), 200));
    }

    public static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(
                    "expected HTTP " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
