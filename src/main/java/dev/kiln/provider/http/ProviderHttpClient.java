package dev.kiln.provider.http;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.config.HttpClientConfig;
import dev.kiln.provider.config.RateLimitConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One adapter's own HTTP client: a bounded pool, a bounded wait queue, connect/idle timeouts, redirects
 * never followed, and an end-to-end deadline on every call. The Web Client serves JSON calls; the raw client
 * (same settings) serves streams (SSE, image downloads) that must not be buffered.
 */
public final class ProviderHttpClient implements AutoCloseable {
    private final String provider;
    private final HttpClient raw;
    private final WebClient web;
    private final Duration requestTimeout;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private volatile Function<HttpResponse<Buffer>, Duration> accountPause = this::defaultAccountPause;

    public ProviderHttpClient(
            Vertx vertx, Clock clock, String provider, HttpClientConfig config, RateLimitConfig rateLimit) {
        this.provider = provider;
        this.clock = clock;
        this.rateLimiter = new RateLimiter(vertx, clock, provider, rateLimit);
        this.requestTimeout = config.requestTimeout();
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setName("kiln-" + provider);
        PoolOptions pool =
                new PoolOptions().setHttp1MaxSize(config.poolSize()).setMaxWaitQueueSize(config.maxWaitQueue());
        this.raw = vertx.createHttpClient(options, pool);
        this.web = WebClient.wrap(
                raw, new WebClientOptions().setFollowRedirects(false).setUserAgent("kiln"));
    }

    public WebClient web() {
        return web;
    }

    public HttpClient raw() {
        return raw;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * Sends one call: waits for its turn in the rate limit, gives it its deadline, and obeys a
     * {@code Retry-After} in the answer (the limiter holds back every later call until then). The call is
     * made lazily, so a retry re-issues it.
     */
    public Uni<HttpResponse<Buffer>> send(String operation, Supplier<Uni<HttpResponse<Buffer>>> call) {
        return rateLimiter
                .acquire()
                .chain(() -> this.<HttpResponse<Buffer>>guard(Uni.createFrom().deferred(call::get), operation))
                .invoke(response -> {
                    Duration pause = accountPause.apply(response);
                    if (pause != null) {
                        rateLimiter.pauseFor(pause);
                    }
                });
    }

    /**
     * Decides how long an answer holds back every later call of the account (null: not at all). By default a
     * {@code Retry-After} on a 429 or 503 does, except a 429 that says the account's task queue is full
     * ({@code NoMoreConcurrentTasks}): that means waiting for a slot, while polls and cancels must still go.
     */
    public ProviderHttpClient accountPause(Function<HttpResponse<Buffer>, Duration> policy) {
        this.accountPause = policy;
        return this;
    }

    /** The default account pause; see {@link #accountPause(Function)}. */
    public Duration defaultAccountPause(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status != 429 && status != 503) {
            return null;
        }
        if (status == 429 && queueFull(response)) {
            return null;
        }
        return retryAfter(response);
    }

    /** Whether a 429 answer says the account's queue of tasks is full, not that calls came too fast. */
    public static boolean queueFull(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        return body != null
                && body.toString().toLowerCase(java.util.Locale.ROOT).contains("nomoreconcurrenttasks");
    }

    /** The answer's {@code Retry-After}, or null. */
    public Duration retryAfter(HttpResponse<Buffer> response) {
        return HttpErrors.parseRetryAfter(response.getHeader("Retry-After"), clock);
    }

    /** Per-request settings every call carries: idle timeout on the exchange, no redirects. */
    public <T> HttpRequest<T> prepare(HttpRequest<T> request) {
        return request.followRedirects(false).timeout(requestTimeout.toMillis());
    }

    /**
     * Gives a call its end-to-end deadline and turns transport failures into the taxonomy: no answer in
     * time is {@link ErrorKind#TIMED_OUT}, a refused or lost connection is {@link ErrorKind#PROVIDER_FAULT}.
     */
    public <T> Uni<T> guard(Uni<T> call, String operation) {
        return call.ifNoItem()
                .after(requestTimeout)
                .failWith(() -> ProviderError.of(
                                ErrorKind.TIMED_OUT,
                                true,
                                null,
                                provider + " " + operation + " got no answer within " + requestTimeout)
                        .toException())
                .onFailure(failure -> !(failure instanceof ProviderException))
                .transform(failure -> transportFailure(operation, failure));
    }

    private ProviderException transportFailure(String operation, Throwable failure) {
        boolean notSent = neverSent(failure);
        boolean timeout = failure instanceof java.util.concurrent.TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout");
        // The exception text of a transport failure names host and port only; no headers, no secrets.
        String what = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + HttpErrors.clip(failure.getMessage()));
        ProviderError error = ProviderError.of(
                timeout ? ErrorKind.TIMED_OUT : ErrorKind.PROVIDER_FAULT,
                true,
                null,
                provider + " " + operation + " failed: " + what);
        return notSent ? new NotSentException(error) : error.toException();
    }

    /**
     * Failures that happen before the request is written: no connection (refused, unknown host, connect
     * timeout) or no room in the pool's wait queue.
     */
    static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException
                    || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.NoRouteToHostException
                    || cause instanceof io.netty.channel.ConnectTimeoutException
                    || cause instanceof io.netty.resolver.dns.DnsNameResolverException
                    || cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    @Override
    public void close() {
        web.close();
        raw.close().subscribe().with(ignored -> {}, ignored -> {});
    }
}
