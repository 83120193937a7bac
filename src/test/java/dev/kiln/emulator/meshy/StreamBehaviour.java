package dev.kiln.emulator.meshy;

/**
 * How a stream misbehaves under a scenario.
 *
 * @param dropAfterMessages when positive, the connection is cut after this many {@code message} events
 * @param silentAfterMessages when positive, nothing more is sent after this many events, but the connection stays
 *     open until the client gives up
 * @param multiLineData send each JSON over several {@code data:} lines
 */
public record StreamBehaviour(int dropAfterMessages, int silentAfterMessages, boolean multiLineData) {

    public static final StreamBehaviour NORMAL = new StreamBehaviour(0, 0, false);
}
