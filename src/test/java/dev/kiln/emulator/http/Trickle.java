package dev.kiln.emulator.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Sends a body slowly: a tenth of the rate every 100 ms, with the full Content-Length up front. */
public final class Trickle {
    private static final long PERIOD_MILLIS = 100;

    private Trickle() {}

    public static void send(Vertx vertx, HttpServerResponse response, Buffer body, long bytesPerSecond) {
        int step = (int) Math.max(1, bytesPerSecond * PERIOD_MILLIS / 1000);
        response.putHeader("Content-Length", Integer.toString(body.length()));
        sendFrom(vertx, response, body, 0, step);
    }

    private static void sendFrom(Vertx vertx, HttpServerResponse response, Buffer body, int offset, int step) {
        if (response.closed()) {
            return;
        }
        int end = Math.min(body.length(), offset + step);
        if (end >= body.length()) {
            response.end(body.getBuffer(offset, end));
            return;
        }
        response.write(body.getBuffer(offset, end));
        vertx.setTimer(PERIOD_MILLIS, id -> sendFrom(vertx, response, body, end, step));
    }
}
