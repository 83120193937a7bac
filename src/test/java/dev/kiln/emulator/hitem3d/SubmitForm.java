package dev.kiln.emulator.hitem3d;

import dev.kiln.emulator.input.ImageProbe;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A submit-task form as received: the text fields and, for each uploaded file, its field, name, type,
 * size and first bytes (the image signature). Files are counted as they stream in and never stored.
 */
final class SubmitForm {
    /** One uploaded file; {@code head} holds its first {@link ImageProbe#SIGNATURE_BYTES} bytes. */
    record Upload(String field, String fileName, String contentType, long size, byte[] head) {}

    private final MultiMap attributes;
    private final List<Upload> uploads;

    private SubmitForm(MultiMap attributes, List<Upload> uploads) {
        this.attributes = attributes;
        this.uploads = uploads;
    }

    /**
     * Reads the request body (multipart or url-encoded) and hands over the form. Must be called before the
     * request body starts flowing, i.e. synchronously from the route handler.
     */
    static void read(HttpServerRequest request, Consumer<SubmitForm> then, Consumer<Throwable> failed) {
        List<Upload> uploads = new ArrayList<>();
        request.setExpectMultipart(true);
        request.uploadHandler(upload -> count(upload, uploads));
        request.exceptionHandler(failed::accept);
        request.endHandler(v -> then.accept(new SubmitForm(request.formAttributes(), List.copyOf(uploads))));
    }

    /**
     * Whether a request's content type is one the form reader takes: multipart (the vendor's examples) or
     * url-encoded (which carries no files, and is refused for that by validation).
     */
    static boolean isForm(String contentType) {
        String type =
                contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
    }

    private static void count(HttpServerFileUpload upload, List<Upload> uploads) {
        long[] size = {0};
        Buffer head = Buffer.buffer(ImageProbe.SIGNATURE_BYTES);
        upload.handler(chunk -> {
            int missing = ImageProbe.SIGNATURE_BYTES - head.length();
            if (missing > 0) {
                head.appendBuffer(chunk, 0, Math.min(missing, chunk.length()));
            }
            size[0] += chunk.length();
        });
        upload.endHandler(v -> uploads.add(
                new Upload(upload.name(), upload.filename(), upload.contentType(), size[0], head.getBytes())));
    }

    /** A text field, trimmed; null when absent or blank. */
    String field(String name) {
        String value = attributes.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Whether the field was sent as text rather than as a file. */
    boolean hasTextField(String name) {
        return attributes.contains(name);
    }

    List<Upload> files(String field) {
        return uploads.stream().filter(upload -> upload.field().equals(field)).toList();
    }
}
