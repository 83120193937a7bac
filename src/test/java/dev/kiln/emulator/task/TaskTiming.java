package dev.kiln.emulator.task;

import dev.kiln.emulator.scenario.Scenario;
import java.time.Duration;

/** How long a task stays in each phase; scenario knobs override an API's defaults. */
public record TaskTiming(Duration created, Duration queued, Duration running) {

    /** These durations with the scenario's {@code createdMillis}, {@code queueMillis}, {@code processingMillis}. */
    public TaskTiming with(Scenario scenario) {
        return new TaskTiming(
                scenario.createdTime().orElse(created),
                scenario.queueTime().orElse(queued),
                scenario.processingTime().orElse(running));
    }
}
