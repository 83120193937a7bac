package dev.kiln.provider.http;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Maps plain HTTP answers onto the taxonomy; providers refine what their bodies add. */
public final class HttpErrors {
    private static final int MAX_MESSAGE = 300;

    private HttpErrors() {}

    /** The error class of an HTTP status that is not a success. */
    public static ProviderError fromStatus(int status, String message, Duration retryAfter) {
        String code = Integer.toString(status);
        return switch (status) {
            case 400, 409, 413, 415, 422 -> ProviderError.of(ErrorKind.INVALID_INPUT, false, code, message);
            case 401, 403 -> ProviderError.of(ErrorKind.AUTHENTICATION, false, code, message);
            case 402 -> ProviderError.of(ErrorKind.OUT_OF_CREDITS, false, code, message);
            case 404, 410 -> ProviderError.of(ErrorKind.NOT_FOUND, false, code, message);
            case 408, 504 -> ProviderError.of(ErrorKind.TIMED_OUT, true, code, message);
            case 429 -> new ProviderError(ErrorKind.RATE_LIMITED, true, retryAfter, code, message);
            default -> status >= 500
                    ? new ProviderError(ErrorKind.PROVIDER_FAULT, true, retryAfter, code, message)
                    : ProviderError.of(
                            ErrorKind.PROVIDER_FAULT, false, code, "unexpected HTTP " + status + ": " + message);
        };
    }

    /** A 2xx answer whose body could not be understood. */
    public static ProviderError malformed(String provider, String operation, String why) {
        return ProviderError.of(
                ErrorKind.PROVIDER_FAULT,
                true,
                null,
                provider + " " + operation + " answered unreadably: " + clip(why));
    }

    /**
     * A {@code Retry-After} header: delay seconds or an HTTP date. Null when absent or unreadable, never
     * negative.
     */
    public static Duration parseRetryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** Shortens provider text for messages (a body can be large, and is never echoed whole). */
    public static String clip(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
