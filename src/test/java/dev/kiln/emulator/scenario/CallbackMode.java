package dev.kiln.emulator.scenario;

/** How task callbacks (webhooks) are delivered (scenario knob {@code callbacks}). */
public enum CallbackMode {
    /** Once, when the task reaches the state, retried on delivery failure as the vendor does. */
    NORMAL,
    /** Twice. */
    DUPLICATE,
    /** After {@code callbackDelayMillis} (default 2000). */
    DELAYED,
    /** The final state first, then a stale earlier state. */
    OUT_OF_ORDER,
    /** Not at all. */
    NEVER;

    static CallbackMode parse(String value) {
        return value == null ? NORMAL : valueOf(value.trim().toUpperCase().replace('-', '_'));
    }
}
