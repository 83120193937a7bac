package dev.kiln.emulator.meshy.task;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Renders tasks as the vendor's JSON objects, with signed asset URLs once a task has SUCCEEDED. */
public final class TaskViews {

    private final MeshyAssets assets;

    public TaskViews(MeshyAssets assets) {
        this.assets = assets;
    }

    /** What the stream sends while a task is PENDING or IN_PROGRESS: only id, progress and status. */
    public static JsonObject progressOnly(TaskSnapshot task) {
        return new JsonObject()
                .put("id", task.id())
                .put("progress", task.progress())
                .put("status", task.status().name());
    }

    /** The whole task object, shaped by the task's kind. */
    public JsonObject full(TaskSnapshot task) {
        return switch (task.kind()) {
            case IMAGE_TO_3D, MULTI_IMAGE_TO_3D -> imageTo3d(task);
            case FIGURE_PROTOTYPE -> figurePrototype(task);
            case FIGURE_BUILD -> figureBuild(task);
        };
    }

    private JsonObject imageTo3d(TaskSnapshot task) {
        TaskSpec spec = task.spec();
        return new JsonObject()
                .put("id", task.id())
                .put("type", spec.kind().type())
                .put("model_urls", files(task, spec.outputs().models()))
                .put("thumbnail_url", thumbnail(task))
                .put("texture_prompt", spec.texturePrompt())
                .put("texture_image_url", spec.textureImageUrl())
                .put("progress", task.progress())
                .put("started_at", task.startedAt())
                .put("created_at", task.createdAt())
                .put("expires_at", task.expiresAt())
                .put("finished_at", task.finishedAt())
                .put("status", task.status().name())
                .put("texture_urls", textures(task))
                .put("preceding_tasks", task.precedingTasks())
                .put(
                        "task_error",
                        task.failure() == null
                                ? new JsonObject().put("message", "")
                                : task.failure().toJson())
                .put("consumed_credits", task.consumedCredits());
    }

    private JsonObject figurePrototype(TaskSnapshot task) {
        JsonArray images = new JsonArray();
        if (task.status() == TaskStatus.SUCCEEDED) {
            task.spec().outputs().images().forEach(image -> images.add(link(task, image)));
        }
        return figureLifecycle(task).put("image_urls", images);
    }

    private JsonObject figureBuild(TaskSnapshot task) {
        return figureLifecycle(task)
                .put("prompt", "")
                .put("negative_prompt", "")
                .put("texture_prompt", "")
                .put("texture_image_url", "")
                .put("model_urls", files(task, task.spec().outputs().models()))
                .put("thumbnail_url", thumbnail(task))
                .put("texture_urls", textures(task));
    }

    private static JsonObject figureLifecycle(TaskSnapshot task) {
        return new JsonObject()
                .put("id", task.id())
                .put("type", task.spec().kind().type())
                .put("name", task.spec().name())
                .put("status", task.status().name())
                .put("progress", task.progress())
                .put("created_at", task.createdAt())
                .put("started_at", task.startedAt())
                .put("finished_at", task.finishedAt())
                .put("expires_at", task.expiresAt())
                .put("preceding_tasks", task.precedingTasks())
                .put(
                        "task_error",
                        task.failure() == null ? null : task.failure().toJson())
                .put("consumed_credits", task.consumedCredits());
    }

    private JsonObject files(TaskSnapshot task, Map<String, String> files) {
        JsonObject urls = new JsonObject();
        if (task.status() == TaskStatus.SUCCEEDED) {
            files.forEach((key, file) -> urls.put(key, link(task, file)));
        }
        return urls;
    }

    private JsonArray textures(TaskSnapshot task) {
        Map<String, String> textures = task.spec().outputs().textures();
        return task.status() == TaskStatus.SUCCEEDED && !textures.isEmpty()
                ? new JsonArray().add(files(task, textures))
                : new JsonArray();
    }

    private String thumbnail(TaskSnapshot task) {
        String thumbnail = task.spec().outputs().thumbnail();
        return task.status() == TaskStatus.SUCCEEDED && thumbnail != null ? link(task, thumbnail) : "";
    }

    private String link(TaskSnapshot task, String file) {
        return assets.url(task, file);
    }
}
