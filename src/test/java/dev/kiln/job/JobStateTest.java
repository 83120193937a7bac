package dev.kiln.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void terminalStatesHaveNoWayOut() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(JobState.COMPLETED, JobState.FAILED, JobState.CANCELED, JobState.REJECTED);
        assertThat(JobState.COMPLETED.canMoveTo(JobState.RUNNING)).isFalse();
    }

    @Test
    void theHappyPathIsAllowedStepByStep() {
        JobState[] path = {
            JobState.ACCEPTED,
            JobState.QUEUED,
            JobState.SUBMITTING,
            JobState.SUBMITTED,
            JobState.RUNNING,
            JobState.GENERATED,
            JobState.STORING,
            JobState.COMPLETED
        };
        for (int i = 1; i < path.length; i++) {
            assertThat(path[i - 1].canMoveTo(path[i]))
                    .as(path[i - 1] + " → " + path[i])
                    .isTrue();
        }
        assertThat(JobState.ACCEPTED.canMoveTo(JobState.COMPLETED)).isFalse();
    }

    @Test
    void anUnknownSubmitIsResolvedByReconciliationNotByAnotherSubmit() {
        assertThat(JobState.SUBMITTING.canMoveTo(JobState.SUBMIT_UNKNOWN)).isTrue();
        assertThat(JobState.SUBMIT_UNKNOWN.next())
                .containsExactlyInAnyOrder(JobState.SUBMITTED, JobState.QUEUED, JobState.FAILED, JobState.CANCELED);
    }

    @Test
    void everyNonTerminalStateCanFailAndNothingReturnsToAnInitialState() {
        for (JobState state : JobState.values()) {
            if (!state.isTerminal()) {
                assertThat(state.canMoveTo(JobState.FAILED))
                        .as(state + " → FAILED")
                        .isTrue();
            }
            assertThat(state.canMoveTo(JobState.ACCEPTED)).isFalse();
            assertThat(state.canMoveTo(JobState.REJECTED)).isFalse();
        }
    }

    @Test
    void thePublishedEventSchemaListsEveryStateAndEventType() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(getClass().getResource("/contracts/v1/job-event.schema.json"));
        java.util.List<String> states = new java.util.ArrayList<>();
        java.util.List<String> types = new java.util.ArrayList<>();
        schema.at("/properties/state/enum").forEach(s -> states.add(s.asText()));
        schema.at("/properties/type/enum").forEach(t -> types.add(t.asText()));
        assertThat(states)
                .containsExactlyInAnyOrderElementsOf(
                        EnumSet.allOf(JobState.class).stream().map(Enum::name).toList());
        // Every state's event, and job.progress: a job that stays RUNNING and announces how far it is.
        java.util.List<String> expected = new java.util.ArrayList<>(
                EnumSet.allOf(JobState.class).stream().map(JobState::eventType).toList());
        expected.add(JobState.RUNNING.eventTypeFrom(JobState.RUNNING));
        assertThat(types).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void onlyARunningJobMayStayWhereItIsAndThatIsAProgressReport() {
        for (JobState state : JobState.values()) {
            assertThat(state.canMoveTo(state)).as(state.name()).isEqualTo(state == JobState.RUNNING);
        }
        assertThat(JobState.RUNNING.eventTypeFrom(JobState.RUNNING)).isEqualTo("job.progress");
        assertThat(JobState.RUNNING.eventTypeFrom(JobState.SUBMITTED)).isEqualTo("job.running");
    }

    @Test
    void eventTypesFollowTheContract() {
        assertThat(JobState.ACCEPTED.eventType()).isEqualTo("job.accepted");
        assertThat(JobState.SUBMIT_UNKNOWN.eventType()).isEqualTo("job.submit-unknown");
    }
}
