package dev.kiln.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.TestConfigs;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    private RateLimiter limiter(String perSecond, String burst, String maxWait) {
        return new RateLimiter(
                vertx,
                Clock.systemUTC(),
                "test",
                TestConfigs.providers(Map.of(
                                "kiln.providers.meshy.rate-limit.requests-per-second", perSecond,
                                "kiln.providers.meshy.rate-limit.burst", burst,
                                "kiln.providers.meshy.rate-limit.max-wait", maxWait))
                        .meshy()
                        .rateLimit());
    }

    @Test
    void aBurstGoesAtOnceAndTheNextCallWaitsForItsTurn() {
        RateLimiter limiter = limiter("5", "2", "5S");
        Instant start = Instant.now();
        limiter.acquire().await().atMost(Duration.ofSeconds(1));
        limiter.acquire().await().atMost(Duration.ofSeconds(1));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(150));

        limiter.acquire().await().atMost(Duration.ofSeconds(2));

        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void aCallThatWouldWaitTooLongFailsAsRateLimited() {
        RateLimiter limiter = limiter("1", "1", "PT0.1S");
        limiter.acquire().await().atMost(Duration.ofSeconds(1));

        assertThatThrownBy(() -> limiter.acquire().await().atMost(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.error().retryAfter()).isEqualTo(Duration.ofMillis(100));
                });
    }

    @Test
    void aProvidersRetryAfterHoldsEveryCallBack() {
        RateLimiter limiter = limiter("100", "10", "5S");
        limiter.pauseFor(Duration.ofMillis(300));
        Instant start = Instant.now();

        limiter.acquire().await().atMost(Duration.ofSeconds(2));

        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
}
