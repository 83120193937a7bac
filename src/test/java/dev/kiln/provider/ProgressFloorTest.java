package dev.kiln.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressFloorTest {

    private static final TaskHandle TASK = new TaskHandle("hunyuan3d-pro", "generate", "t1");
    private static final TaskHandle OTHER = new TaskHandle("hunyuan3d-pro", "generate", "t2");

    private static TaskSnapshot at(TaskHandle task, TaskState state, Integer progress) {
        return new TaskSnapshot(task, state, "x", progress, null, List.of(), null, null);
    }

    @Test
    void aLowerReadingAfterAHigherOneKeepsTheHigher() {
        ProgressFloor floor = new ProgressFloor();
        assertThat(floor.apply(at(TASK, TaskState.RUNNING, 40)).progress()).isEqualTo(40);
        assertThat(floor.apply(at(TASK, TaskState.RUNNING, 12)).progress()).isEqualTo(40);
        assertThat(floor.apply(at(TASK, TaskState.RUNNING, null)).progress()).isNull();
        assertThat(floor.apply(at(TASK, TaskState.RUNNING, 55)).progress()).isEqualTo(55);
        assertThat(floor.apply(at(OTHER, TaskState.RUNNING, 3)).progress()).isEqualTo(3);
    }

    @Test
    void anEndedTaskIsForgotten() {
        ProgressFloor floor = new ProgressFloor();
        floor.apply(at(TASK, TaskState.RUNNING, 80));
        assertThat(floor.apply(at(TASK, TaskState.FAILED, 10)).progress()).isEqualTo(10);
        assertThat(floor.apply(at(TASK, TaskState.RUNNING, 5)).progress()).isEqualTo(5);
    }
}
