package dev.kiln.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void statusesMapOntoTheTaxonomyWithTheirRetryDecision() {
        assertKind(400, ErrorKind.INVALID_INPUT, false);
        assertKind(401, ErrorKind.AUTHENTICATION, false);
        assertKind(402, ErrorKind.OUT_OF_CREDITS, false);
        assertKind(403, ErrorKind.AUTHENTICATION, false);
        assertKind(404, ErrorKind.NOT_FOUND, false);
        assertKind(408, ErrorKind.TIMED_OUT, true);
        assertKind(429, ErrorKind.RATE_LIMITED, true);
        assertKind(500, ErrorKind.PROVIDER_FAULT, true);
        assertKind(503, ErrorKind.PROVIDER_FAULT, true);
        assertKind(504, ErrorKind.TIMED_OUT, true);
        assertKind(302, ErrorKind.PROVIDER_FAULT, false);
    }

    private static void assertKind(int status, ErrorKind kind, boolean retryable) {
        ProviderError error = HttpErrors.fromStatus(status, "m", null);
        assertThat(error.kind()).as("HTTP %d", status).isEqualTo(kind);
        assertThat(error.retryable()).as("HTTP %d", status).isEqualTo(retryable);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(HttpErrors.parseRetryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpErrors.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", clock))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpErrors.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", clock))
                .isEqualTo(Duration.ZERO);
        assertThat(HttpErrors.parseRetryAfter("-3", clock)).isEqualTo(Duration.ZERO);
        assertThat(HttpErrors.parseRetryAfter("soon", clock)).isNull();
        assertThat(HttpErrors.parseRetryAfter(null, clock)).isNull();
    }

    @Test
    void providerTextIsClippedToOneShortLine() {
        assertThat(HttpErrors.clip("a\n  b")).isEqualTo("a b");
        assertThat(HttpErrors.clip("x".repeat(1000))).hasSize(301);
    }
}
