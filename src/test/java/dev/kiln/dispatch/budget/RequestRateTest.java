package dev.kiln.dispatch.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.stack.KilnStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KilnStackResource.class)
class RequestRateTest extends BudgetTestSupport {

    @Test
    void aFrozenMomentGrantsTheBurstAcrossReplicasAndTimeRefillsAtTheRate() {
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        List<AccountBudgets> fleet = List.of(replicas.replica(4, clock), replicas.replica(4, clock));
        // Configured by a replica on the same clock, so the bucket is full "now".
        String account = "test-rate-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        answer(fleet.get(0).configure(java.util.Map.of(account, new AccountLimits(1, 2, 3))));

        assertThat(grants(reserveAtOnce(fleet, account, 20))).isEqualTo(3);
        assertThat(answer(fleet.get(1).reserveRequest(account))).isEqualTo(Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(250));
        assertThat(answer(fleet.get(0).reserveRequest(account))).isEqualTo(Duration.ofMillis(250));

        clock.advance(Duration.ofMillis(750));
        assertThat(grants(reserveAtOnce(fleet, account, 20))).isEqualTo(2);

        clock.advance(Duration.ofHours(1));
        List<Duration> afterQuiet = reserveAtOnce(fleet, account, 20);
        assertThat(grants(afterQuiet))
                .as("a quiet spell refills up to the burst only")
                .isEqualTo(3);
        assertThat(afterQuiet).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(500)));
    }

    @Test
    void twoReplicasTogetherNeverGrantMoreThanBurstPlusRateTimesElapsed() {
        double perSecond = 20;
        int burst = 4;
        List<AccountBudgets> fleet =
                List.of(replicas.replica(3, Clock.systemUTC()), replicas.replica(3, Clock.systemUTC()));
        Instant start = Instant.now();
        String account = account("rate", new AccountLimits(1, perSecond, burst));
        Instant stopAt = start.plusMillis(1500);
        AtomicInteger[] granted = {new AtomicInteger(), new AtomicInteger()};
        List<Uni<Void>> workers = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            int replica = worker % 2;
            workers.add(askUntil(fleet.get(replica), account, stopAt, granted[replica]));
        }
        answer(Uni.join().all(workers).andFailFast());
        Duration elapsed = Duration.between(start, Instant.now());

        int total = granted[0].get() + granted[1].get();
        double allowed = burst + perSecond * elapsed.toNanos() / 1e9;
        assertThat((double) total).isLessThanOrEqualTo(allowed);
        // Workers that wait as told are not starved either: most of the rate is used.
        assertThat((double) total).isGreaterThan(burst + perSecond * 1.5 / 2);
        assertThat(granted[0].get()).isPositive();
        assertThat(granted[1].get()).isPositive();
    }

    /** A caller that sends when granted and otherwise waits the time it was told, until {@code stopAt}. */
    private static Uni<Void> askUntil(AccountBudgets replica, String account, Instant stopAt, AtomicInteger granted) {
        return Uni.createFrom()
                .deferred(() -> replica.reserveRequest(account))
                .call(wait -> {
                    if (wait.isZero()) {
                        granted.incrementAndGet();
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
                })
                .repeat()
                .whilst(ignored -> Instant.now().isBefore(stopAt))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private static List<Duration> reserveAtOnce(List<AccountBudgets> fleet, String account, int calls) {
        List<Uni<Duration>> asks = new ArrayList<>();
        for (int call = 0; call < calls; call++) {
            asks.add(fleet.get(call % fleet.size()).reserveRequest(account));
        }
        return answer(Uni.join().all(asks).andFailFast());
    }

    private static long grants(List<Duration> waits) {
        return waits.stream().filter(Duration::isZero).count();
    }
}
