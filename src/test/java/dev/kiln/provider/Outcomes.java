package dev.kiln.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Awaits a submit and asserts which {@link SubmitOutcome} it ended in. */
public final class Outcomes {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Outcomes() {}

    public static SubmitOutcome await(Uni<SubmitOutcome> submit) {
        SubmitOutcome outcome = submit.await().atMost(WAIT);
        assertThat(outcome).isNotNull();
        return outcome;
    }

    /** The task of a submit that must have created one. */
    public static TaskHandle created(Uni<SubmitOutcome> submit) {
        return as(SubmitOutcome.Created.class, await(submit)).task();
    }

    /** A submit that must have created nothing. */
    public static SubmitOutcome.NotCreated notCreated(Uni<SubmitOutcome> submit) {
        return notCreated(await(submit));
    }

    public static SubmitOutcome.NotCreated notCreated(SubmitOutcome outcome) {
        return as(SubmitOutcome.NotCreated.class, outcome);
    }

    /** A submit that may have created a task. */
    public static SubmitOutcome.Unknown unknown(Uni<SubmitOutcome> submit) {
        return unknown(await(submit));
    }

    public static SubmitOutcome.Unknown unknown(SubmitOutcome outcome) {
        return as(SubmitOutcome.Unknown.class, outcome);
    }

    private static <T extends SubmitOutcome> T as(Class<T> expected, SubmitOutcome outcome) {
        assertThat(outcome).as("the submit's outcome").isInstanceOf(expected);
        return expected.cast(outcome);
    }
}
