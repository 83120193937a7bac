package dev.kiln.emulator.scenario;

/** What goes wrong with one HTTP exchange (scenario knob {@code fault}). */
public enum Fault {
    /** Answer normally. */
    NONE,
    /** Answer with the scenario's {@code status} (default 500), {@code Retry-After} if set, vendor error body. */
    HTTP_ERROR,
    /** Accept the request and never answer (the connection stays open until the client gives up). */
    HANG,
    /** Close the connection without an answer. */
    RESET,
    /** Answer normally, but send the body a few bytes at a time ({@code trickleBytesPerSecond}). */
    TRICKLE,
    /** Answer 200 with a JSON body cut off half-way. */
    MALFORMED_JSON;

    static Fault parse(String value) {
        return value == null ? NONE : valueOf(value.trim().toUpperCase().replace('-', '_'));
    }
}
