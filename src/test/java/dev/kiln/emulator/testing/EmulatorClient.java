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

/**
 * A small blocking HTTP client for emulator tests: vendor calls, downloads and the admin API. Uses
 * {@code java.net.http}, so the tests exercise real HTTP against the in-process server.
 */
public final class EmulatorClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;

    public EmulatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
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
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
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
        HttpRequest.Builder builder =
                request(url).timeout(Duration.ofMinutes(5)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    bytes += n;
                }
            }
            return new Download(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    bytes,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
