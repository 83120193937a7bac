package dev.kiln.provider.meshy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ListedTask;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderCost;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.SignedUrls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads Meshy task objects (Image to 3D, Multi-Image to 3D, figure prototype and build). */
final class MeshyTasks {
    private static final Set<String> MODEL_FORMATS = Set.of("glb", "fbx", "obj", "usdz", "stl", "3mf");
    /** Failure types where a new task may succeed. */
    private static final Set<String> RETRYABLE_TYPES = Set.of("timeout", "service_unavailable", "server_error");
    /** Failure codes that no resubmission fixes, whatever their type. */
    private static final Set<String> FINAL_CODES = Set.of("moderation_blocked", "image_too_complex");

    private MeshyTasks() {}

    static TaskSnapshot snapshot(TaskHandle handle, JsonNode task) {
        String status = Json.text(task, "status");
        if (status == null) {
            throw HttpErrors.malformed("meshy", "status", "no status in the task")
                    .toException();
        }
        TaskState state =
                switch (status.toUpperCase(Locale.ROOT)) {
                    case "PENDING" -> TaskState.QUEUED;
                    case "IN_PROGRESS" -> TaskState.RUNNING;
                    case "SUCCEEDED" -> TaskState.SUCCEEDED;
                    case "FAILED" -> TaskState.FAILED;
                    case "CANCELED", "CANCELLED" -> TaskState.CANCELED;
                    default -> throw HttpErrors.malformed("meshy", "status", "unknown status " + status)
                            .toException();
                };
        Long progress = Json.integer(task, "progress");
        Long preceding = state == TaskState.QUEUED ? Json.integer(task, "preceding_tasks") : null;
        List<OutputFile> outputs = state == TaskState.SUCCEEDED ? outputs(task) : List.of();
        ProviderError failure = state == TaskState.FAILED ? failure(task.get("task_error")) : null;
        return new TaskSnapshot(
                handle,
                state,
                status,
                progress == null ? null : (int) Math.max(0, Math.min(100, progress)),
                preceding == null ? null : preceding.intValue(),
                outputs,
                failure,
                cost(task));
    }

    /** A task of a listing, with its {@code created_at} (epoch ms; absent or 0 when Meshy does not say). */
    static ListedTask listed(TaskHandle handle, JsonNode task) {
        Long created = Json.integer(task, "created_at");
        return new ListedTask(
                snapshot(handle, task), created == null || created <= 0 ? null : Instant.ofEpochMilli(created));
    }

    /** {@code consumed_credits}: what the task took from the account (0 once refunded). */
    private static ProviderCost cost(JsonNode task) {
        JsonNode credits = task.get("consumed_credits");
        return credits != null && credits.isNumber() ? ProviderCost.credits(credits.decimalValue()) : null;
    }

    /** A failed task's {@code task_error}, with whether a new task could help. */
    static ProviderError failure(JsonNode error) {
        String type = Json.text(error, "type");
        String code = Json.text(error, "code");
        String message = HttpErrors.clip(Json.text(error, "message"));
        if (message.isEmpty()) {
            message = "meshy task failed";
        }
        boolean retryable =
                type != null && RETRYABLE_TYPES.contains(type) && (code == null || !FINAL_CODES.contains(code));
        return ProviderError.of(ErrorKind.TASK_FAILED, retryable, code != null ? code : type, message);
    }

    static List<OutputFile> outputs(JsonNode task) {
        Long expiresMillis = Json.integer(task, "expires_at");
        Instant taskExpiry = expiresMillis == null || expiresMillis <= 0 ? null : Instant.ofEpochMilli(expiresMillis);
        List<OutputFile> files = new ArrayList<>();
        JsonNode models = task.get("model_urls");
        if (models != null && models.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String url = entry.getValue().asText("");
                if (url.isEmpty()) {
                    continue;
                }
                String key = entry.getKey();
                if (MODEL_FORMATS.contains(key)) {
                    files.add(file(OutputRole.MODEL, key, "model", url, taskExpiry));
                } else if (key.equals("mtl")) {
                    files.add(file(OutputRole.MATERIAL, "mtl", "material", url, taskExpiry));
                } else if (key.startsWith("pre_remeshed_")) {
                    files.add(file(
                            OutputRole.EXTRA_MODEL, key.substring("pre_remeshed_".length()), key, url, taskExpiry));
                }
            }
        }
        JsonNode textures = task.get("texture_urls");
        if (textures != null && textures.isArray()) {
            int index = 0;
            for (JsonNode set : textures) {
                String suffix = index++ == 0 ? "" : "_" + (index - 1);
                for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String url = entry.getValue().asText("");
                    if (!url.isEmpty()) {
                        files.add(file(
                                OutputRole.TEXTURE,
                                extension(url, "png"),
                                "texture_" + entry.getKey() + suffix,
                                url,
                                taskExpiry));
                    }
                }
            }
        }
        String thumbnail = Json.text(task, "thumbnail_url");
        if (thumbnail != null) {
            files.add(file(OutputRole.PREVIEW, extension(thumbnail, "png"), "thumbnail", thumbnail, taskExpiry));
        }
        JsonNode images = task.get("image_urls");
        if (images != null && images.isArray()) {
            int index = 0;
            for (JsonNode image : images) {
                String url = image.asText("");
                if (!url.isEmpty()) {
                    files.add(file(
                            OutputRole.CONCEPT_IMAGE, extension(url, "png"), "concept_" + index++, url, taskExpiry));
                }
            }
        }
        return files;
    }

    private static OutputFile file(OutputRole role, String format, String name, String url, Instant taskExpiry) {
        return new OutputFile(role, format, name, url, SignedUrls.earliest(taskExpiry, SignedUrls.expiry(url)), false);
    }

    private static String extension(String url, String fallback) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : fallback;
    }
}
