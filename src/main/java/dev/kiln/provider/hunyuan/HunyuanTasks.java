package dev.kiln.provider.hunyuan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderCost;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.config.ProvidersConfig.Hunyuan.ProgressScale;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.SignedUrls;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the aggregator's task object and error bodies. */
final class HunyuanTasks {
    /** Upstream generation error: the task failed; a new task may succeed. */
    static final String GENERATION_ERROR = "13001095";
    /** Result parsing error: re-poll, then treat as failed. */
    static final String RESULT_PARSING_ERROR = "13001096";
    /** Upstream HTTP error: retry with backoff. */
    static final String UPSTREAM_HTTP_ERROR = "13001097";
    /** Status query error: re-poll. */
    static final String STATUS_QUERY_ERROR = "13001098";
    /** Upstream creation error: the submit may be retried with backoff. */
    static final String CREATION_ERROR = "13001099";

    private static final Set<String> RETRYABLE_CODES =
            Set.of(RESULT_PARSING_ERROR, UPSTREAM_HTTP_ERROR, STATUS_QUERY_ERROR, CREATION_ERROR);

    private HunyuanTasks() {}

    static TaskSnapshot snapshot(
            TaskHandle handle, JsonNode task, Duration urlLifetime, Instant now, ProgressScale scale) {
        String status = Json.text(task, "status");
        if (status == null) {
            throw HttpErrors.malformed("hunyuan3d-pro", "poll", "no status in the task")
                    .toException();
        }
        TaskState state =
                switch (status.toLowerCase(Locale.ROOT)) {
                    case "pending", "queued", "queueing", "wait", "submitted" -> TaskState.QUEUED;
                    case "in_progress", "processing", "running", "run" -> TaskState.RUNNING;
                    case "completed", "succeeded", "success", "done" -> TaskState.SUCCEEDED;
                    case "failed", "fail", "error" -> TaskState.FAILED;
                    case "canceled", "cancelled" -> TaskState.CANCELED;
                    default -> throw HttpErrors.malformed("hunyuan3d-pro", "poll", "unknown status " + status)
                            .toException();
                };
        Integer progress = progress(task.get("progress"), state, scale);
        List<OutputFile> outputs =
                state == TaskState.SUCCEEDED ? outputs(task, expiry(task, urlLifetime, now)) : List.of();
        ProviderError failure = state == TaskState.FAILED ? taskError(task.get("error")) : null;
        return new TaskSnapshot(handle, state, status, progress, null, outputs, failure, cost(task.get("usage")));
    }

    /**
     * Progress in Kiln's 0–100, read on the account's configured scale. The number alone cannot tell: on the
     * percent scale {@code 1.0} is 1 %, on the fraction scale it is done, so guessing per value made 1 % read
     * as 99 %. A task still running is at most 99.
     */
    static Integer progress(JsonNode node, TaskState state, ProgressScale scale) {
        if (state == TaskState.SUCCEEDED) {
            return 100;
        }
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        double raw;
        try {
            raw = Double.parseDouble(node.asText().trim());
        } catch (NumberFormatException notNumber) {
            return null;
        }
        if (Double.isNaN(raw)) {
            return null;
        }
        double percent = scale == ProgressScale.FRACTION ? raw * 100 : raw;
        int rounded = (int) Math.round(Math.max(0, Math.min(100, percent)));
        return state == TaskState.RUNNING || state == TaskState.QUEUED ? Math.min(rounded, 99) : rounded;
    }

    /** {@code usage}: the credits consumed and the price in USD (the aggregator bills in USD; may be empty). */
    static ProviderCost cost(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        BigDecimal credits = decimal(usage.path("extra_info").get("ResultCreditConsumed"));
        BigDecimal amount = decimal(usage.get("cost"));
        if (credits == null && amount == null) {
            return null;
        }
        return ProviderCost.charged(credits, amount, amount == null ? null : "USD");
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        try {
            String text = node.asText().trim();
            return text.isEmpty() ? null : new BigDecimal(text);
        } catch (NumberFormatException notNumber) {
            return null;
        }
    }

    private static Instant expiry(JsonNode task, Duration urlLifetime, Instant now) {
        Long createdMillis = Json.integer(task, "created_at");
        // URLs live about a day from completion; creation is earlier, so counting from it is safe.
        Instant from = createdMillis == null ? now : Instant.ofEpochMilli(createdMillis);
        return from.plus(urlLifetime);
    }

    private static List<OutputFile> outputs(JsonNode task, Instant expiresAt) {
        List<OutputFile> files = new ArrayList<>();
        Set<String> previews = new LinkedHashSet<>();
        JsonNode output = task.get("output");
        if (output == null || !output.isArray()) {
            return files;
        }
        int index = 0;
        for (JsonNode entry : output) {
            JsonNode content = entry.get("content");
            if (content == null || !content.isArray()) {
                continue;
            }
            for (JsonNode resource : content) {
                String url = Json.text(resource, "url");
                String format = url == null ? null : format(resource, url);
                if (format != null) {
                    // An OBJ arrives zipped with its MTL and textures. Whether a download really is a zip is
                    // told by its first bytes (Archives.isZip) when it is fetched: a signed URL may have no
                    // .zip suffix, so this flag says "expect a zip", not "it is one".
                    boolean zipped = format.equals("zip") || format.equals("obj") || pathEndsWith(url, ".zip");
                    String real = format.equals("zip") ? "obj" : format;
                    files.add(new OutputFile(
                            OutputRole.MODEL,
                            real,
                            "model_" + real,
                            url,
                            SignedUrls.earliest(expiresAt, SignedUrls.expiry(url)),
                            zipped));
                }
                String preview = Json.text(resource, "preview_url");
                if (preview != null && previews.add(preview)) {
                    String ext = extension(preview);
                    files.add(new OutputFile(
                            OutputRole.PREVIEW,
                            ext == null ? "png" : ext,
                            "preview_" + index++,
                            preview,
                            SignedUrls.earliest(expiresAt, SignedUrls.expiry(preview)),
                            false));
                }
            }
        }
        return files;
    }

    /**
     * A resource's format: {@code format} is the truth; without it {@code type} (a wrapper label that may say
     * glb for an obj, so only second best), then the URL's extension; null when none says.
     */
    static String format(JsonNode resource, String url) {
        for (String field : new String[] {"format", "type"}) {
            String value = Json.text(resource, field);
            if (value != null && !value.isBlank()) {
                return value.trim().toLowerCase(Locale.ROOT);
            }
        }
        return extension(url);
    }

    /** The failure of a failed task, classified by its code. */
    static ProviderError taskError(JsonNode error) {
        String code = Json.text(error, "code");
        String message = HttpErrors.clip(Json.text(error, "message"));
        if (message.isEmpty()) {
            message = "hunyuan task failed" + (code == null ? "" : " with code " + code);
        }
        // Every documented code is an upstream fault; resubmitting may help. Unknown codes: be cautious.
        boolean retryable = code == null || GENERATION_ERROR.equals(code) || RETRYABLE_CODES.contains(code);
        return ProviderError.of(ErrorKind.TASK_FAILED, retryable, code, message);
    }

    /**
     * Codes that say the create was refused before any task existed, even on a 5xx: safe to submit again.
     * Any other 5xx leaves the create in doubt.
     */
    static final Set<String> NOT_CREATED_CODES = Set.of(UPSTREAM_HTTP_ERROR, CREATION_ERROR);

    /** A {@code code} of a {@code {code, msg, data}} envelope that means success. */
    static boolean isSuccessCode(JsonNode code) {
        String text = code.asText().trim().toLowerCase(Locale.ROOT);
        return text.equals("0") || text.equals("200") || text.equals("success") || text.equals("ok");
    }

    /** The error of an HTTP answer that is not a success, refined by its body. */
    static ProviderError httpError(int status, JsonNode body, Duration retryAfter) {
        JsonNode error =
                body == null ? null : body.has("error") && body.get("error").isObject() ? body.get("error") : body;
        String code = Json.text(error, "code");
        String message = HttpErrors.clip(Json.text(error, "message"));
        if (message.isEmpty()) {
            message = HttpErrors.clip(Json.text(error, "msg"));
        }
        if (message.isEmpty()) {
            message = "hunyuan answered HTTP " + status + (code == null ? "" : " with code " + code);
        }
        ProviderError byStatus = HttpErrors.fromStatus(status, message, retryAfter);
        if (status == 403 && mentionsMoney(message)) {
            byStatus = ProviderError.of(ErrorKind.OUT_OF_CREDITS, false, "403", message);
        }
        if (code != null && RETRYABLE_CODES.contains(code)) {
            return new ProviderError(ErrorKind.PROVIDER_FAULT, true, retryAfter, code, message);
        }
        if (GENERATION_ERROR.equals(code)) {
            return ProviderError.of(ErrorKind.TASK_FAILED, true, code, message);
        }
        return code == null
                ? byStatus
                : new ProviderError(
                        byStatus.kind(), byStatus.retryable(), byStatus.retryAfter(), code, byStatus.message());
    }

    private static boolean mentionsMoney(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("balance")
                || lower.contains("credit")
                || lower.contains("quota")
                || lower.contains("insufficient")
                || lower.contains("余额");
    }

    private static boolean pathEndsWith(String url, String suffix) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.toLowerCase(Locale.ROOT).endsWith(suffix);
    }

    private static String extension(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }
}
