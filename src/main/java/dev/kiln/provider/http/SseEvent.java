package dev.kiln.provider.http;

/**
 * One Server-Sent Event.
 *
 * @param event the {@code event:} name, {@code message} when the server gave none
 * @param data the {@code data:} lines joined with newlines
 * @param id the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {}
