package dev.kiln.provider.meshy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.provider.CreateDoubt;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.NotSentException;
import dev.kiln.provider.http.ProviderHttpClient;
import dev.kiln.provider.http.SseEvent;
import dev.kiln.provider.http.SseParser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.parsetools.RecordParser;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Meshy's HTTP API for one account: Image to 3D, Multi-Image to 3D and figure share its key, its request
 * rate (Meshy limits per account) and this client. Errors are {@code {"message": ...}}; 429 comes in two
 * kinds, told apart by that message.
 */
public final class MeshyClient implements AutoCloseable {
    static final String RATE_LIMIT_EXCEEDED = "RateLimitExceeded";
    static final String NO_MORE_CONCURRENT_TASKS = "NoMoreConcurrentTasks";
    /** Meshy documents no body code that says "no task" on a 5xx: the plain rule. */
    private static final CreateDoubt CREATE_DOUBT = CreateDoubt.plain();

    private final ProvidersConfig.Meshy config;
    private final ProviderHttpClient http;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    public MeshyClient(Vertx vertx, ProvidersConfig.Meshy config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = new ProviderHttpClient(vertx, clock, "meshy", config.http(), config.rateLimit());
        http.accountPause(this::accountPause);
    }

    /**
     * How long a 429 holds back the account: its {@code Retry-After}, or the configured default when the header
     * is missing (Meshy does not document one). A full task queue holds nothing back.
     */
    private Duration accountPause(HttpResponse<Buffer> response) {
        if (response.statusCode() == 429 && !ProviderHttpClient.queueFull(response)) {
            Duration retryAfter = http.retryAfter(response);
            return retryAfter == null ? config.defaultRetryAfter() : retryAfter;
        }
        return http.defaultAccountPause(response);
    }

    /** The account key its budgets are kept under; every Meshy adapter on this client shares it. */
    String account() {
        return config.account();
    }

    ProvidersConfig.Meshy config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Creates a task; the answer's {@code result} is its id, made a handle by {@code task}. A failure is judged
     * by the shared rule: Meshy answers every refusal with a 4xx, so only silence or a 5xx leave doubt.
     */
    Uni<SubmitOutcome> create(String path, ObjectNode body, Function<String, TaskHandle> task) {
        return CREATE_DOUBT.outcome(
                exchange("create", path, HttpMethod.POST, body).map(response -> {
                    String id = Json.text(answer("create", response), "result");
                    if (id == null) {
                        throw HttpErrors.malformed("meshy", "create", "no result id")
                                .toException(response.statusCode());
                    }
                    return task.apply(id);
                }));
    }

    Uni<JsonNode> get(String path) {
        return call("get", path, HttpMethod.GET, null);
    }

    Uni<Void> delete(String path) {
        return call("cancel", path, HttpMethod.DELETE, null).replaceWithVoid();
    }

    Uni<JsonNode> list(String path, int pageSize) {
        int size = Math.max(1, Math.min(pageSize, config.listPageSizeMax()));
        return call("list", path + "?page_num=1&page_size=" + size + "&sort_by=-created_at", HttpMethod.GET, null)
                .map(answer -> {
                    if (!answer.isArray()) {
                        throw HttpErrors.malformed("meshy", "list", "not an array")
                                .toException();
                    }
                    return answer;
                });
    }

    private Uni<JsonNode> call(String operation, String path, HttpMethod method, ObjectNode body) {
        return exchange(operation, path, method, body).map(response -> answer(operation, response));
    }

    private Uni<HttpResponse<Buffer>> exchange(String operation, String path, HttpMethod method, ObjectNode body) {
        Optional<String> key = config.apiKey();
        if (key.isEmpty()) {
            return Uni.createFrom().failure(notConfigured());
        }
        String url = config.baseUrl() + path;
        return http.send(operation, () -> {
            var request =
                    http.prepare(http.web().requestAbs(method, url)).putHeader("Authorization", "Bearer " + key.get());
            return body == null
                    ? request.send()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString()));
        });
    }

    private JsonNode answer(String operation, HttpResponse<Buffer> response) {
        byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes();
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (bytes.length == 0) {
                return Json.MAPPER.nullNode();
            }
            return Json.parse(bytes).orElseThrow(() -> HttpErrors.malformed("meshy", operation, "body is not JSON")
                    .toException(status));
        }
        String message =
                Json.parse(bytes).map(node -> Json.text(node, "message")).orElse(null);
        throw error(status, message, http.retryAfter(response)).toException(status);
    }

    /** Meshy's error for a status and its {@code message}. */
    ProviderError error(int status, String message, Duration retryAfter) {
        String text = HttpErrors.clip(message == null ? "meshy answered HTTP " + status : message);
        if (status == 429) {
            if (text.toLowerCase(Locale.ROOT).contains(NO_MORE_CONCURRENT_TASKS.toLowerCase(Locale.ROOT))) {
                // The queue is full: wait for one of our tasks to end, not for a second to pass.
                return new ProviderError(
                        ErrorKind.CONCURRENCY_LIMITED, true, retryAfter, NO_MORE_CONCURRENT_TASKS, text);
            }
            Duration wait = retryAfter == null ? config.defaultRetryAfter() : retryAfter;
            return new ProviderError(ErrorKind.RATE_LIMITED, true, wait, RATE_LIMIT_EXCEEDED, text);
        }
        return HttpErrors.fromStatus(status, text, retryAfter);
    }

    /**
     * Opens one SSE connection and emits its events; ends when the server closes it. A non-200 answer fails
     * with the mapped error; no line at all (event, comment or heartbeat) for {@code idleTimeout} fails as
     * {@link ErrorKind#TIMED_OUT}.
     */
    Multi<SseEvent> stream(String path, Duration idleTimeout) {
        Optional<String> key = config.apiKey();
        if (key.isEmpty()) {
            return Multi.createFrom().failure(notConfigured());
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(config.baseUrl() + path)
                .setFollowRedirects(false)
                .putHeader("Authorization", "Bearer " + key.get())
                .putHeader("Accept", "text/event-stream")
                .setConnectTimeout(config.http().connectTimeout().toMillis());
        AtomicReference<HttpClientRequest> open = new AtomicReference<>();
        AtomicReference<io.vertx.mutiny.core.http.HttpClientResponse> answered = new AtomicReference<>();
        return http.rateLimiter()
                .acquire()
                .chain(() -> http.guard(
                        http.raw().request(options).invoke(open::set).chain(HttpClientRequest::send), "stream"))
                .onItem()
                .transformToMulti(response -> {
                    if (response.statusCode() != 200) {
                        Duration retryAfter = HttpErrors.parseRetryAfter(response.getHeader("Retry-After"), clock);
                        return response.body().onItem().<SseEvent>transformToMulti(body -> {
                            String message = Json.parse(body.getBytes())
                                    .map(node -> Json.text(node, "message"))
                                    .orElse(null);
                            if (response.statusCode() == 429) {
                                ProviderError limited = error(429, message, retryAfter);
                                if (limited.kind() == ErrorKind.RATE_LIMITED) {
                                    http.rateLimiter().pauseFor(limited.retryAfter());
                                }
                            }
                            return Multi.createFrom()
                                    .failure(error(response.statusCode(), message, retryAfter)
                                            .toException());
                        });
                    }
                    SseParser parser = new SseParser();
                    answered.set(response);
                    return RecordParser.newDelimited("\n", response)
                            .toMulti()
                            .ifNoItem()
                            .after(idleTimeout)
                            .failWith(() -> ProviderError.of(
                                            ErrorKind.TIMED_OUT, true, null, "meshy stream silent for " + idleTimeout)
                                    .toException())
                            .onItem()
                            .transformToIterable(line -> parser.accept(line.toString()));
                })
                // Whatever ends the subscription (silence, cancel, terminal event) ends the connection too.
                .onTermination()
                .invoke(() -> {
                    HttpClientRequest request = open.get();
                    if (request != null) {
                        // The reset fails the response stream after its subscriber has gone: expected, not an error.
                        var response = answered.get();
                        if (response != null) {
                            response.exceptionHandler(ignored -> {});
                        }
                        request.reset();
                    }
                });
    }

    private ProviderException notConfigured() {
        return new NotSentException(
                ProviderError.of(ErrorKind.AUTHENTICATION, false, null, "meshy needs kiln.providers.meshy.api-key"));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.close();
        }
    }
}
