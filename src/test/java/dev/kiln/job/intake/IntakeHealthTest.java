package dev.kiln.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class IntakeHealthTest {

    @Test
    void readinessIsDownWhileIntakeWaitsAndUpOnceItRecovers() {
        IntakeHealth health = new IntakeHealth();
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        assertThat(health.waitingFor("PostgreSQL")).isTrue();
        assertThat(health.waitingFor("PostgreSQL")).isFalse();
        HealthCheckResponse down = health.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData())
                .hasValueSatisfying(data -> assertThat(data).containsEntry("waitingFor", "PostgreSQL"));

        assertThat(health.recovered()).isTrue();
        assertThat(health.recovered()).isFalse();
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void waitsGrowFromAFifthOfASecondToHalfAMinuteAndStayThere() {
        assertThat(RequestIntake.backoff(0)).isEqualTo(Duration.ofMillis(200));
        assertThat(RequestIntake.backoff(1)).isEqualTo(Duration.ofMillis(400));
        assertThat(RequestIntake.backoff(7)).isEqualTo(Duration.ofSeconds(25).plusMillis(600));
        assertThat(RequestIntake.backoff(8)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RequestIntake.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
