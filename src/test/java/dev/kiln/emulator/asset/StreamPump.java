package dev.kiln.emulator.asset;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * Copies a generated stream to an HTTP response with back-pressure: it writes while the response's
 * write queue has room, waits for the drain otherwise, and yields the event loop every few chunks, so
 * memory stays at a few chunks whatever the file size. Optionally trickles, or stops early and closes the
 * connection (a truncated download).
 */
final class StreamPump {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS_PER_TURN = 16;
    private static final long TRICKLE_PERIOD_MILLIS = 100;

    private final Vertx vertx;
    private final RoutingContext rc;
    private final HttpServerResponse response;
    private final InputStream in;
    private final long limit;
    private final boolean truncate;
    private final long bytesPerSecond;
    private final byte[] buffer = new byte[CHUNK];
    private long sent;
    private boolean finished;

    StreamPump(Vertx vertx, RoutingContext rc, InputStream in, long limit, boolean truncate, long bytesPerSecond) {
        this.vertx = vertx;
        this.rc = rc;
        this.response = rc.response();
        this.in = in;
        this.limit = limit;
        this.truncate = truncate;
        this.bytesPerSecond = bytesPerSecond;
    }

    void start() {
        response.closeHandler(v -> finish());
        response.exceptionHandler(e -> finish());
        if (bytesPerSecond > 0) {
            trickle();
        } else {
            pump();
        }
    }

    private void pump() {
        for (int i = 0; i < CHUNKS_PER_TURN; i++) {
            if (finished || response.closed()) {
                finish();
                return;
            }
            if (sent >= limit) {
                complete();
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(v -> pump());
                return;
            }
            if (!writeNext(CHUNK)) {
                return;
            }
        }
        vertx.runOnContext(v -> pump());
    }

    private void trickle() {
        if (finished || response.closed()) {
            finish();
            return;
        }
        if (sent >= limit) {
            complete();
            return;
        }
        int step = (int) Math.max(1, Math.min(CHUNK, bytesPerSecond * TRICKLE_PERIOD_MILLIS / 1000));
        if (writeNext(step)) {
            vertx.setTimer(TRICKLE_PERIOD_MILLIS, id -> trickle());
        }
    }

    private boolean writeNext(int max) {
        try {
            int n = in.read(buffer, 0, (int) Math.min(max, limit - sent));
            if (n <= 0) {
                complete();
                return false;
            }
            sent += n;
            response.write(Buffer.buffer().appendBytes(buffer, 0, n));
            return true;
        } catch (IOException e) {
            finish();
            rc.fail(e);
            return false;
        }
    }

    private void complete() {
        if (finished) {
            return;
        }
        if (truncate) {
            // Cut the connection with the promised Content-Length unmet: what a dropped download looks like.
            finish();
            // An empty write completes once everything before it reached the socket; then close.
            response.write(Buffer.buffer())
                    .onComplete(v -> rc.request().connection().close());
        } else {
            finish();
            response.end();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            try {
                in.close();
            } catch (IOException e) {
                // Nothing to release for generated streams.
            }
        }
    }
}
