package dev.kiln.emulator.scenario;

/** How a server-sent-event stream misbehaves (scenario knob {@code sse}); used by APIs that stream. */
public enum SseMode {
    /** Events until the task is final, then the stream ends. */
    NORMAL,
    /** The connection closes after {@code sseEventsBeforeFault} events (default 1). */
    DROP,
    /** The stream stays open but sends nothing after {@code sseEventsBeforeFault} events. */
    SILENT;

    static SseMode parse(String value) {
        return value == null ? NORMAL : valueOf(value.trim().toUpperCase().replace('-', '_'));
    }
}
