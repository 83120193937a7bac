package dev.kiln.provider.http;

import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.net.OutboundGuard;
import dev.kiln.net.OutboundRefusedException;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Input images as streams of buffers, never whole in memory: a URL is downloaded as it is forwarded (with
 * back-pressure), an inline image is decoded a slice at a time. Both stop at a size limit. A URL is fetched
 * through the {@link OutboundGuard}: one that points inside a network is refused as invalid input.
 */
public final class ImageStreams {
    /** Base64 characters decoded per buffer: a multiple of 4, so each slice decodes on its own. */
    private static final int SLICE_CHARS = 64 * 1024;

    private final OutboundGuard guard;
    private final Duration idleTimeout;

    public ImageStreams(OutboundGuard guard, Duration idleTimeout) {
        this.guard = guard;
        this.idleTimeout = idleTimeout;
    }

    public Multi<Buffer> open(ImageInput image, String field, long maxBytes) {
        Multi<Buffer> content = image.isInline() ? decode(image.base64()) : download(image.url(), field);
        AtomicLong seen = new AtomicLong();
        return content.onItem().invoke(buffer -> {
            if (seen.addAndGet(buffer.length()) > maxBytes) {
                throw invalid(field, "the image at " + field + " is larger than " + maxBytes + " bytes");
            }
        });
    }

    private static Multi<Buffer> decode(String base64) {
        String data = base64.replaceAll("\\s", "");
        int slices = (data.length() + SLICE_CHARS - 1) / SLICE_CHARS;
        return Multi.createFrom().range(0, slices).map(slice -> {
            String part = data.substring(slice * SLICE_CHARS, Math.min(data.length(), (slice + 1) * SLICE_CHARS));
            try {
                return Buffer.buffer(Base64.getDecoder().decode(part));
            } catch (IllegalArgumentException notBase64) {
                throw invalid("input.images", "an inline image is not valid base64");
            }
        });
    }

    private Multi<Buffer> download(String url, String field) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setIdleTimeout(idleTimeout.toMillis());
        return guard.send(url, options)
                .onFailure()
                .transform(failure -> failure instanceof OutboundRefusedException refused
                        ? invalid(field, "the image URL at " + field + " is refused: " + refused.reason())
                        : fault(
                                field,
                                "could not fetch the image at " + field + ": "
                                        + failure.getClass().getSimpleName()))
                .onItem()
                .transformToMulti(response -> {
                    if (response.statusCode() != 200) {
                        response.request().reset();
                        return Multi.createFrom()
                                .failure(invalid(
                                        field,
                                        "the image URL at " + field + " answered HTTP " + response.statusCode()));
                    }
                    // Pausing is not enough when the download is abandoned (size limit, cancel, timeout): the
                    // connection would stay open until its idle timeout. Reset it; a finished one is kept.
                    // Deferred to the next turn of the event loop: a reset raised synchronously while the
                    // stream is being cancelled would overtake the real cause (e.g. the size limit).
                    return response.toMulti().onTermination().invoke((failure, cancelled) -> {
                        if (failure != null || cancelled) {
                            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
                            if (context == null) {
                                response.request().reset();
                            } else {
                                context.runOnContext(
                                        ignored -> response.request().reset());
                            }
                        }
                    });
                });
    }

    private static InputImageException invalid(String field, String message) {
        return new InputImageException(ProviderError.of(ErrorKind.INVALID_INPUT, false, null, message));
    }

    private static InputImageException fault(String field, String message) {
        return new InputImageException(ProviderError.of(ErrorKind.PROVIDER_FAULT, true, null, message));
    }
}
