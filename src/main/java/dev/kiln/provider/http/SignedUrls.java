package dev.kiln.provider.http;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a signed URL says about itself. */
public final class SignedUrls {
    private static final Pattern EXPIRES = Pattern.compile("[?&](?:Expires|X-Expires|x-expires)=(\\d{9,13})(?:&|$)");

    private SignedUrls() {}

    /** The URL's {@code Expires=} (epoch seconds, or milliseconds), or null when it has none. */
    public static Instant expiry(String url) {
        Matcher matcher = EXPIRES.matcher(url);
        if (!matcher.find()) {
            return null;
        }
        long value = Long.parseLong(matcher.group(1));
        return value > 99_999_999_999L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    /** The earlier of two instants, either of which may be null. */
    public static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
