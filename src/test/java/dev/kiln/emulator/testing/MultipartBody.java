package dev.kiln.emulator.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a multipart/form-data body for java.net.http, like curl's {@code --form}. Setting a text field
 * again replaces it; files with the same field name repeat (as {@code multi_images} does).
 */
public final class MultipartBody {
    private record Part(String name, String fileName, String contentType, byte[] content) {}

    private final String boundary = "----kiln-emulator-test-" + UUID.randomUUID();
    private final List<Part> parts = new ArrayList<>();

    public MultipartBody field(String name, String value) {
        parts.removeIf(part -> part.fileName() == null && part.name().equals(name));
        parts.add(new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public MultipartBody file(String name, String fileName, String contentType, byte[] content) {
        parts.add(new Part(name, fileName, contentType, content));
        return this;
    }

    /** A small file that passes for a JPEG. */
    public MultipartBody jpeg(String name, String fileName) {
        return file(
                name, fileName, "image/jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16});
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public HttpRequest.BodyPublisher publisher() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"")
                    .append(part.name())
                    .append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"")
                        .append(part.fileName())
                        .append("\"\r\nContent-Type: ")
                        .append(part.contentType());
            }
            head.append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
    }

    @Override
    public String toString() {
        return parts.stream()
                .map(part -> part.fileName() == null
                        ? part.name() + "=" + new String(part.content(), StandardCharsets.UTF_8)
                        : part.name() + "=@" + part.fileName())
                .toList()
                .toString();
    }
}
