package dev.kiln.emulator.asset;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.scenario.Fault;
import dev.kiln.emulator.scenario.Scenario;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves signed asset URLs: {@code GET|HEAD /assets/{provider}/{fileName}?...}. A bad signature or an
 * expired URL answers 403 with an S3-style XML error, as object stores do; a URL of a task whose files
 * were deleted ({@link AssetService#deleteTaskFiles}) answers 404 {@code NoSuchKey}. Supports a single
 * {@code Range}. Downloads are calls of operation {@code download} (call log, scenario rules): the
 * scenario can trickle them, truncate them ({@code truncateAtBytes}), fail or hang them.
 */
public final class AssetRoutes {
    /** The operation name downloads are recorded and matched under. */
    public static final String OPERATION = "download";

    private AssetRoutes() {}

    public static void mount(Router router, EmulatorContext ctx) {
        router.route(AssetService.PATH_PREFIX + "*")
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(rc -> serve(rc, ctx));
    }

    private static void serve(RoutingContext rc, EmulatorContext ctx) {
        String path = rc.request().path();
        AssetService.Verification verification = ctx.assets().verify(path, rc.queryParams(), true);
        AssetRef ref = verification.ref();
        String provider = ref != null ? ref.provider() : providerSegment(path);
        Exchange exchange = ctx.exchange(rc, provider, OPERATION)
                .account(ref == null ? null : ref.account())
                .task(ref == null ? null : ref.taskId());
        exchange.run(ex -> {
            if (!verification.ok()) {
                String message = verification.refusal() == AssetService.Refusal.EXPIRED
                        ? "Request has expired"
                        : "The request signature we calculated does not match the signature you provided";
                rc.response()
                        .setStatusCode(403)
                        .putHeader("Content-Type", "application/xml")
                        .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>"
                                + message + "</Message></Error>");
                return;
            }
            if (ctx.assets().isDeleted(ref)) {
                rc.response()
                        .setStatusCode(404)
                        .putHeader("Content-Type", "application/xml")
                        .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>"
                                + "The specified key does not exist.</Message></Error>");
                return;
            }
            send(rc, ctx, ref, ex.scenario());
        });
    }

    private static void send(RoutingContext rc, EmulatorContext ctx, AssetRef ref, Scenario scenario) {
        ByteRegion region = Assets.generate(ref.spec());
        long length = region.length();
        long start = 0;
        long end = length - 1;
        String range = rc.request().getHeader("Range");
        HttpServerResponse response = rc.response()
                .putHeader("Content-Type", ref.spec().format().contentType())
                .putHeader("Accept-Ranges", "bytes")
                .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"" + ref.fileName().replace("\"", "") + "\"");
        if (range != null) {
            long[] bounds = parseRange(range, length);
            if (bounds == null) {
                response.setStatusCode(416)
                        .putHeader("Content-Range", "bytes */" + length)
                        .end();
                return;
            }
            start = bounds[0];
            end = bounds[1];
            response.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + end + "/" + length);
        }
        long count = end - start + 1;
        response.putHeader("Content-Length", Long.toString(count));
        if (rc.request().method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        long cut = Math.min(
                ref.truncateAt() < 0 ? Long.MAX_VALUE : ref.truncateAt(),
                scenario.truncateAtBytes().orElse(Long.MAX_VALUE));
        long limit = Math.min(count, cut);
        long skip = start;
        long rate = scenario.fault() == Fault.TRICKLE ? scenario.trickleBytesPerSecond() : 0;
        // Opening may read the whole file once (zip CRCs): keep that off the event loop.
        ctx.vertx()
                .executeBlocking(() -> {
                    InputStream in = region.open();
                    skipFully(in, skip);
                    return in;
                })
                .onSuccess(in -> new StreamPump(ctx.vertx(), rc, in, limit, limit < count, rate).start())
                .onFailure(rc::fail);
    }

    private static void skipFully(InputStream in, long n) {
        try {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    throw new IOException("range beyond end");
                }
                left -= skipped;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {start, end} inclusive for one satisfiable byte range, or null. */
    static long[] parseRange(String header, long length) {
        if (!header.startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                start = Math.max(0, length - suffix);
                end = length - 1;
            } else {
                start = Long.parseLong(first);
                end = last.isEmpty() ? length - 1 : Math.min(length - 1, Long.parseLong(last));
            }
            return start <= end && start < length ? new long[] {start, end} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String providerSegment(String path) {
        String rest = path.substring(AssetService.PATH_PREFIX.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
