package dev.kiln.dispatch.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2030-01-01T00:00:00Z");

    @Test
    void anEmptyBucketWaitsOneIntervalAndAPartlyRefilledOneTheRest() {
        assertThat(TokenBucket.waitFor(0, T0, 4, 2, T0)).isEqualTo(Duration.ofMillis(250));
        assertThat(TokenBucket.waitFor(0, T0, 4, 2, T0.plusNanos(100_000_000))).isEqualTo(Duration.ofMillis(150));
        assertThat(TokenBucket.waitFor(0.5, T0, 0.5, 2, T0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aClockBehindTheBucketCountsNoElapsedTime() {
        assertThat(TokenBucket.waitFor(0, T0, 4, 2, T0.minusSeconds(10))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aBucketThatHasATokenByNowStillWaitsTheMinimumSoCallersDoNotSpin() {
        assertThat(TokenBucket.waitFor(0, T0, 4, 2, T0.plusSeconds(5))).isEqualTo(TokenBucket.MIN_WAIT);
    }
}
