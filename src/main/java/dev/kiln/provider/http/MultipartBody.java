package dev.kiln.provider.http;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} body built as a stream: text fields, then file parts whose content is a
 * stream (Vert.x's {@code MultipartForm} only takes files on disk). Sent chunked, so nothing is buffered
 * whole. Each {@link #stream()} call opens the file contents anew, so a retried call re-sends everything.
 */
public final class MultipartBody {
    private static final SecureRandom RANDOM = new SecureRandom();

    // nextBytes, never generateSeed: a seed read can block on the entropy source, here on an event loop.
    private final String boundary = "kiln-" + HexFormat.of().formatHex(randomBytes(12));
    private final List<Supplier<Multi<Buffer>>> parts = new ArrayList<>();

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public MultipartBody field(String name, String value) {
        String part = "--" + boundary + "\r\n" + "Content-Disposition: form-data; name=\"" + quote(name) + "\"\r\n\r\n"
                + value + "\r\n";
        parts.add(() -> Multi.createFrom().item(Buffer.buffer(part.getBytes(StandardCharsets.UTF_8))));
        return this;
    }

    public MultipartBody file(String name, String fileName, String contentType, Supplier<Multi<Buffer>> content) {
        String head = "--" + boundary + "\r\n" + "Content-Disposition: form-data; name=\"" + quote(name)
                + "\"; filename=\"" + quote(fileName) + "\"\r\n" + "Content-Type: " + contentType + "\r\n\r\n";
        parts.add(() -> Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().item(Buffer.buffer(head.getBytes(StandardCharsets.UTF_8))),
                        Multi.createFrom().deferred(content::get),
                        Multi.createFrom().item(Buffer.buffer("\r\n"))));
        return this;
    }

    /** The whole body, opened lazily, part after part. */
    public Multi<Buffer> stream() {
        List<Multi<Buffer>> all = new ArrayList<>();
        for (Supplier<Multi<Buffer>> part : parts) {
            all.add(Multi.createFrom().deferred(part::get));
        }
        all.add(Multi.createFrom().item(Buffer.buffer("--" + boundary + "--\r\n")));
        return Multi.createBy().concatenating().streams(all);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String quote(String value) {
        return value.replace("\"", "%22").replace("\r", "").replace("\n", "");
    }
}
