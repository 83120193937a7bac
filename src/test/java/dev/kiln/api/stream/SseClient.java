package dev.kiln.api.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a text/event-stream as a client would, on a thread of its own; the test takes messages with a deadline.
 * Comment lines are skipped; the end of the stream is a message of its own.
 */
final class SseClient implements AutoCloseable {

    /** One SSE message. */
    record Message(String id, String event, String data) {}

    private static final Message END = new Message(null, null, null);

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private SseClient(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            try (Stream<String> lines = answer.body()) {
                parse(lines);
            } catch (RuntimeException closed) {
                // the test closed the stream
            } finally {
                messages.add(END);
            }
        });
    }

    static SseClient open(URI uri, String lastEventId) {
        return new SseClient(uri, lastEventId);
    }

    int status(Duration deadline) throws Exception {
        return response.get(deadline.toMillis(), TimeUnit.MILLISECONDS).statusCode();
    }

    String header(String name, Duration deadline) throws Exception {
        return response.get(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .headers()
                .firstValue(name)
                .orElse(null);
    }

    /** The next message; fails if none came within the deadline or the stream ended. */
    Message next(Duration deadline) throws InterruptedException {
        Message message = messages.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("No message within " + deadline);
        }
        if (message == END) {
            messages.add(END);
            throw new AssertionError("The stream ended");
        }
        return message;
    }

    /** Whether the stream ended within the deadline, with no message before its end. */
    boolean endsWithin(Duration deadline) throws InterruptedException {
        Message message = messages.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (message != null && message != END) {
            throw new AssertionError("Expected the end of the stream, got " + message);
        }
        return message == END;
    }

    @Override
    public void close() {
        response.thenAccept(answer -> answer.body().close());
        response.cancel(true);
    }

    private void parse(Stream<String> lines) {
        String[] id = {null};
        String[] event = {null};
        StringBuilder data = new StringBuilder();
        boolean[] hasData = {false};
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (hasData[0]) {
                    messages.add(new Message(id[0], event[0], data.toString()));
                }
                id[0] = null;
                event[0] = null;
                data.setLength(0);
                hasData[0] = false;
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id[0] = value;
                case "event" -> event[0] = value;
                case "data" -> {
                    if (hasData[0]) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData[0] = true;
                }
                default -> {
                    // retry and unknown fields do not matter here
                }
            }
        });
    }
}
