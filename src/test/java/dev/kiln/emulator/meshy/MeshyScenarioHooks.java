package dev.kiln.emulator.meshy;

import dev.kiln.emulator.meshy.task.TaskKind;
import dev.kiln.emulator.meshy.task.TaskPlan;
import io.vertx.ext.web.RoutingContext;

/** Where the emulator's scenarios reach into the Meshy APIs. */
public interface MeshyScenarioHooks {

    /**
     * Lets a scenario answer an authenticated request instead of the API (a 429, a 5xx, a malformed body, no
     * answer at all).
     *
     * @param operation e.g. {@code image-to-3d.create}, {@code figure.build.get}
     * @param taskId the task in the path, or null
     * @return true when the scenario has taken the request over
     */
    boolean intercept(RoutingContext ctx, Caller caller, String operation, String taskId);

    /** The plan for a new task, possibly changed by a scenario (failure, durations, early URL expiry). */
    TaskPlan plan(Caller caller, TaskKind kind, TaskPlan defaults);

    /** How a stream about to open should behave. */
    StreamBehaviour stream(Caller caller, String taskId);

    MeshyScenarioHooks NONE = new MeshyScenarioHooks() {
        @Override
        public boolean intercept(RoutingContext ctx, Caller caller, String operation, String taskId) {
            return false;
        }

        @Override
        public TaskPlan plan(Caller caller, TaskKind kind, TaskPlan defaults) {
            return defaults;
        }

        @Override
        public StreamBehaviour stream(Caller caller, String taskId) {
            return StreamBehaviour.NORMAL;
        }
    };
}
