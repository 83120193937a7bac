package dev.kiln.emulator.callback;

import dev.kiln.emulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * POSTs task callbacks (webhooks) the way the scenario says: once, twice, late, out of order or never;
 * retrying a failed delivery (non-2xx or unreachable) up to the delivery's retry count. Every attempt is
 * logged for the admin API.
 */
public final class CallbackSender {
    private static final Logger LOG = Logger.getLogger(CallbackSender.class.getName());
    private static final int TIMEOUT_MILLIS = 5_000;

    private final Vertx vertx;
    private final Clock clock;
    private final WebClient client;
    private final List<CallbackAttempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean closed;

    public CallbackSender(Vertx vertx, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        this.client = WebClient.create(
                vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(TIMEOUT_MILLIS));
    }

    public void send(CallbackDelivery delivery) {
        long generation = this.generation.get();
        Scenario scenario = delivery.scenario();
        switch (scenario.callbacks()) {
            case NEVER -> attempts.add(new CallbackAttempt(
                    clock.instant(),
                    delivery.provider(),
                    delivery.taskId(),
                    delivery.url(),
                    0,
                    0,
                    null,
                    true,
                    delivery.body()));
            case DELAYED -> vertx.setTimer(
                    Math.max(1, scenario.callbackDelay().toMillis()),
                    id -> deliver(generation, delivery, delivery.body(), 1));
            case DUPLICATE -> {
                deliver(generation, delivery, delivery.body(), 1);
                deliver(generation, delivery, delivery.body(), 1);
            }
            case OUT_OF_ORDER -> {
                JsonObject stale = delivery.staleBody() == null ? delivery.body() : delivery.staleBody();
                // The stale state goes out after the final one was delivered (or given up on), as a late
                // retry of an earlier callback would.
                deliver(generation, delivery, delivery.body(), 1)
                        .onComplete(done -> vertx.setTimer(
                                Math.max(1, scenario.callbackDelay().toMillis() / 10),
                                id -> deliver(generation, delivery, stale, 1)));
            }
            default -> deliver(generation, delivery, delivery.body(), 1);
        }
    }

    /** Every attempt so far, oldest first. */
    public List<CallbackAttempt> attempts() {
        return List.copyOf(attempts);
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        attempts.forEach(attempt -> array.add(attempt.toJson()));
        return array;
    }

    /**
     * Forgets the attempts and drops every pending delivery (delays, retries, out-of-order follow-ups):
     * work scheduled before the clear belongs to an older generation and is not sent.
     */
    public void clear() {
        generation.incrementAndGet();
        attempts.clear();
    }

    /** The current generation; deliveries scheduled in an older one are dropped. */
    public long generation() {
        return generation.get();
    }

    public void close() {
        closed = true;
        client.close();
    }

    /**
     * Delivers {@code body}, retrying a failed attempt; the future completes once it was delivered or given
     * up on (never fails).
     */
    private Future<Void> deliver(long generation, CallbackDelivery delivery, JsonObject body, int attempt) {
        if (closed || generation != this.generation.get()) {
            return Future.succeededFuture();
        }
        Promise<Void> finished = Promise.promise();
        client.postAbs(delivery.url())
                .timeout(TIMEOUT_MILLIS)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body.toBuffer())
                .onComplete(result -> {
                    if (generation != this.generation.get()) {
                        finished.complete();
                        return;
                    }
                    int status = result.succeeded() ? result.result().statusCode() : 0;
                    String error = result.succeeded()
                            ? null
                            : String.valueOf(result.cause().getMessage());
                    CallbackAttempt logged = new CallbackAttempt(
                            clock.instant(),
                            delivery.provider(),
                            delivery.taskId(),
                            delivery.url(),
                            attempt,
                            status,
                            error,
                            false,
                            body);
                    attempts.add(logged);
                    if (!logged.delivered() && attempt <= delivery.retries()) {
                        LOG.log(Level.FINE, "callback for {0} failed (attempt {1}), retrying", new Object[] {
                            delivery.taskId(), attempt
                        });
                        vertx.setTimer(
                                Math.max(
                                        1,
                                        delivery.scenario().callbackRetryDelay().toMillis()),
                                id -> deliver(generation, delivery, body, attempt + 1)
                                        .onComplete(done -> finished.complete()));
                    } else {
                        finished.complete();
                    }
                });
        return finished.future();
    }
}
