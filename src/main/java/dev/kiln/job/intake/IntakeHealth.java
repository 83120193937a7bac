package dev.kiln.job.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of intake: DOWN while it is waiting out an infrastructure fault (PostgreSQL or the broker not
 * answering), UP otherwise. Such a wait is never a liveness failure: restarting the pod would not bring the
 * database back, and intake resumes by itself once it answers.
 */
// @Default as well: the qualifier @Readiness alone would hide the bean from RequestIntake's injection.
@Readiness
@Default
@ApplicationScoped
public class IntakeHealth implements HealthCheck {

    static final String NAME = "kiln-intake";

    private final AtomicReference<String> problem = new AtomicReference<>();

    /** Intake is waiting for {@code what}; returns whether this is news (it was healthy until now). */
    boolean waitingFor(String what) {
        return problem.getAndSet(what) == null;
    }

    /** Intake stored and published a batch; returns whether it had been waiting. */
    boolean recovered() {
        return problem.getAndSet(null) != null;
    }

    @Override
    public HealthCheckResponse call() {
        String current = problem.get();
        return current == null
                ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME)
                        .down()
                        .withData("waitingFor", current)
                        .build();
    }
}
