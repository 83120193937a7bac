package dev.kiln.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.MutableClock;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.TestConfigs;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limiter's clock stands still here, so which call must wait is decided by the bucket alone. */
class RateLimiterTest {
    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    private RateLimiter limiter(String perSecond, String burst, String maxWait) {
        return new RateLimiter(
                vertx,
                clock,
                "test",
                TestConfigs.providers(Map.of(
                                "kiln.providers.meshy.rate-limit.requests-per-second", perSecond,
                                "kiln.providers.meshy.rate-limit.burst", burst,
                                "kiln.providers.meshy.rate-limit.max-wait", maxWait))
                        .meshy()
                        .rateLimit());
    }

    private static UniAssertSubscriber<Void> acquire(RateLimiter limiter) {
        return limiter.acquire().subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void aBurstGoesAtOnceAndTheNextCallWaitsForItsTurn() {
        RateLimiter limiter = limiter("5", "2", "5S");

        acquire(limiter).assertCompleted();
        acquire(limiter).assertCompleted();
        UniAssertSubscriber<Void> third = acquire(limiter);

        third.assertNotTerminated();
        third.awaitItem(Duration.ofSeconds(2)).assertCompleted();
    }

    @Test
    void aCallThatWouldWaitTooLongFailsAsRateLimited() {
        RateLimiter limiter = limiter("1", "1", "PT0.1S");
        acquire(limiter).assertCompleted();

        assertThatThrownBy(() -> limiter.acquire().await().atMost(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.error().retryAfter())
                            .as("the real wait")
                            .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
                });
    }

    @Test
    void aProviderPauseBeyondTheLimitFailsWithTheRemainingPause() {
        RateLimiter limiter = limiter("100", "10", "1S");
        limiter.pauseFor(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(15));

        assertThatThrownBy(() -> limiter.acquire().await().atMost(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.error().retryAfter()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(45));
                });
    }

    @Test
    void aProvidersRetryAfterHoldsEveryCallBack() {
        RateLimiter limiter = limiter("100", "10", "5S");
        limiter.pauseFor(Duration.ofMillis(300));

        UniAssertSubscriber<Void> held = acquire(limiter);

        held.assertNotTerminated();
        held.awaitItem(Duration.ofSeconds(2)).assertCompleted();
    }

    @Test
    void aWaitBeyondTheLimitDoesNotUseUpATurn() {
        RateLimiter limiter = limiter("1", "1", "PT0.1S");
        acquire(limiter).assertCompleted();
        acquire(limiter).assertFailedWith(ProviderException.class);

        clock.advance(Duration.ofSeconds(1));

        acquire(limiter).assertCompleted();
    }
}
