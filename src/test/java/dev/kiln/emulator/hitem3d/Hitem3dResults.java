package dev.kiln.emulator.hitem3d;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.emulator.task.TaskPhase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The query-task (and callback) body of a task: its state in Hitem3D's words and, once it succeeded, a
 * fresh model URL and cover URL that expire after an hour (or the scenario's {@code urlTtlSeconds}).
 */
final class Hitem3dResults {
    /** Hitem3D's result URLs live for one hour. */
    static final Duration URL_TTL = Duration.ofHours(1);

    private Hitem3dResults() {}

    static String state(TaskPhase phase) {
        return switch (phase) {
            case CREATED -> "created";
            case QUEUED -> "queueing";
            case RUNNING -> "processing";
            case SUCCEEDED -> "success";
            case FAILED, CANCELED -> "failed";
        };
    }

    /** The query answer. A failed task answers with its failure code and an empty {@code data}, as the seed shows. */
    static JsonObject body(EmulatorContext ctx, EmulatedTask task) {
        return body(ctx, task, false);
    }

    /**
     * The callback body: the query body (seed 000), with scenario knobs {@code callbackIncludesTaskId: true}
     * (a failure adds {@code data.task_id} and the state) and {@code callbackStateField} ({@code state},
     * {@code status} or {@code both}).
     */
    static JsonObject callbackBody(EmulatorContext ctx, EmulatedTask task) {
        Scenario scenario = ctx.tasks().effectiveScenario(task);
        boolean withTaskId = scenario.string("callbackIncludesTaskId")
                .map(Boolean::parseBoolean)
                .orElse(false);
        return stateField(body(ctx, task, withTaskId), scenario);
    }

    private static JsonObject stateField(JsonObject body, Scenario scenario) {
        String field = scenario.string("callbackStateField").orElse("state");
        JsonObject data = body.getJsonObject("data");
        if (data == null || !data.containsKey("state") || "state".equals(field)) {
            return body;
        }
        Object state = "both".equals(field) ? data.getValue("state") : data.remove("state");
        data.put("status", state);
        return body;
    }

    private static JsonObject body(EmulatorContext ctx, EmulatedTask task, boolean forCallback) {
        TaskPhase phase = task.phase();
        boolean failedAsState = ctx.tasks()
                .effectiveScenario(task)
                .string("failedAs")
                .map("state"::equals)
                .orElse(false);
        if ((phase == TaskPhase.FAILED || phase == TaskPhase.CANCELED) && !failedAsState) {
            JsonObject data =
                    forCallback ? new JsonObject().put("task_id", task.id()).put("state", "failed") : new JsonObject();
            return Hitem3dCode.body(failureCode(task), Hitem3dCode.GENERATE_FAILED.message(), data);
        }
        JsonObject data = new JsonObject().put("task_id", task.id()).put("state", state(phase));
        if (phase == TaskPhase.SUCCEEDED) {
            Scenario scenario = ctx.tasks().effectiveScenario(task);
            Submission submission = Submission.fromJson(task.input());
            AssetSpec model = modelSpec(ctx, task, submission, scenario);
            AssetSpec cover = new AssetSpec(task.id() + "/cover", AssetFormat.WEBP, 0, true);
            data.put("id", task.id() + "_0")
                    .put(
                            "url",
                            ctx.assets()
                                    .url(
                                            Hitem3dApi.PROVIDER,
                                            task.account(),
                                            task.id(),
                                            "0." + model.format().extension(),
                                            model,
                                            URL_TTL,
                                            scenario))
                    .put(
                            "cover_url",
                            ctx.assets()
                                    .url(
                                            Hitem3dApi.PROVIDER,
                                            task.account(),
                                            task.id(),
                                            "0.webp",
                                            cover,
                                            URL_TTL,
                                            scenario));
        }
        return Hitem3dCode.SUCCESS.body(data);
    }

    /** The body of a state the task has passed, for out-of-order callbacks. */
    static JsonObject staleBody(EmulatedTask task, Scenario scenario) {
        return stateField(
                Hitem3dCode.SUCCESS.body(
                        new JsonObject().put("task_id", task.id()).put("state", "processing")),
                scenario);
    }

    /**
     * The model file: geometry only (request_type 1) is a white model; OBJ comes as a plain .obj when
     * white and as a zip of OBJ, MTL and PNG when textured (the seeds do not say how the vendor bundles
     * a textured OBJ); scenario knob {@code objAs: "obj"} sends a textured OBJ as a bare .obj too. The mesh
     * has the request's {@code face} triangles (the emulator's default when it names none), seeded by the
     * task; a texturing task (request_type 2) keeps the mesh of the task whose {@code mesh_url} it got.
     */
    static AssetSpec modelSpec(EmulatorContext ctx, EmulatedTask task, Submission submission, Scenario scenario) {
        boolean textured = submission.requestType() != 1;
        AssetFormat format =
                switch (submission.format()) {
                    case 2 -> AssetFormat.GLB;
                    case 3 -> AssetFormat.STL;
                    case 4 -> AssetFormat.FBX;
                    default -> textured
                                    && !"obj".equals(scenario.string("objAs").orElse("zip"))
                            ? AssetFormat.OBJ_ZIP
                            : AssetFormat.OBJ;
                };
        Geometry geometry = Geometry.of(task.id(), submission.face() == null ? 0 : submission.face());
        if (submission.meshUrl() != null) {
            geometry = ctx.assets()
                    .issued(submission.meshUrl())
                    .map(ref -> ref.spec().geometry())
                    .map(mesh -> Geometry.of(mesh.seed(), mesh.faces())) // a mesh sized by bytes: default count
                    .orElse(geometry);
        }
        return AssetSpec.model(task.id(), format, textured, geometry).sizedBy(scenario);
    }

    private static int failureCode(EmulatedTask task) {
        try {
            return task.failureCode() == null
                    ? Hitem3dCode.GENERATE_FAILED.code()
                    : Integer.parseInt(task.failureCode());
        } catch (NumberFormatException e) {
            return Hitem3dCode.GENERATE_FAILED.code();
        }
    }
}
