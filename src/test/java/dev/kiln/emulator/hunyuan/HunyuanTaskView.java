package dev.kiln.emulator.hunyuan;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.emulator.task.TaskPhase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The task object the aggregator answers on create and poll (seed 002). Scenario knobs of this API:
 * {@code statusWords} ({@code seed}: in_progress / completed / failed, the default; {@code cli}: pending
 * and processing while not final), {@code progressScale} ({@code percent}, default, or {@code fraction}),
 * {@code outputFormats} (array, default {@code ["obj","glb"]}; also stl, fbx, usdz).
 */
final class HunyuanTaskView {
    /** Upstream result URLs live 24 hours. */
    static final Duration URL_TTL = Duration.ofHours(24);

    static final BigDecimal UNIT_PRICE = new BigDecimal("0.300000");
    static final int CREDITS_PER_TASK = 20;

    private HunyuanTaskView() {}

    static JsonObject of(EmulatorContext ctx, EmulatedTask task) {
        Scenario scenario = ctx.tasks().effectiveScenario(task);
        Instant now = ctx.clock().instant();
        TaskPhase phase = task.phase();
        JsonObject view = new JsonObject()
                .put("id", task.id())
                .put("created_at", task.createdAt().toEpochMilli())
                .put("status", status(phase, scenario))
                .put("model", HunyuanRequest.MODEL);
        if (!phase.isFinal()) {
            double progress = task.progress(now);
            view.put(
                    "progress",
                    "fraction".equals(scenario.string("progressScale").orElse("percent"))
                            ? round(progress, 2)
                            : round(progress * 100, 0));
        }
        if (phase == TaskPhase.FAILED || phase == TaskPhase.CANCELED) {
            String code = task.failureCode() == null ? HunyuanError.UPSTREAM_GENERATION.code() : task.failureCode();
            view.put("error", HunyuanError.taskError(code, task.failureMessage()));
        }
        if (phase == TaskPhase.SUCCEEDED) {
            view.put("output", new JsonArray().add(new JsonObject().put("content", content(ctx, task, scenario))));
            view.put(
                    "usage",
                    new JsonObject()
                            .put("cost", UNIT_PRICE.toPlainString())
                            .put("extra_info", new JsonObject().put("ResultCreditConsumed", CREDITS_PER_TASK))
                            .put("input_tokens", null)
                            .put("output_tokens", null)
                            .put("quantity", 1)
                            .put("total_tokens", null)
                            .put("unit_price", UNIT_PRICE.toPlainString())
                            .put("user_discount", 1));
        }
        view.put("metadata", metadata(task, now));
        return view;
    }

    private static String status(TaskPhase phase, Scenario scenario) {
        boolean cli = "cli".equals(scenario.string("statusWords").orElse("seed"));
        return switch (phase) {
            case CREATED, QUEUED -> cli ? "pending" : "in_progress";
            case RUNNING -> cli ? "processing" : "in_progress";
            case SUCCEEDED -> "completed";
            case FAILED, CANCELED -> "failed";
        };
    }

    /**
     * One resource per output format. The wrapper's {@code type} says {@code glb} for every resource (the
     * quirk the seed warns about); {@code format} is the truth, and an OBJ comes as a zip. A task with
     * {@code enable_pbr} gets PBR maps in its GLB.
     */
    private static JsonArray content(EmulatorContext ctx, EmulatedTask task, Scenario scenario) {
        boolean textured = !"Geometry".equals(task.input().getString("generate_type"));
        // Every format holds the same mesh: face_count triangles (when asked), seeded by the task.
        Geometry geometry = Geometry.of(task.id(), task.input().getLong("requested_face_count", 0L));
        boolean pbr = task.input().getBoolean("enable_pbr", false);
        List<String> formats =
                scenario
                        .toJson()
                        .getJsonArray(
                                "outputFormats", new JsonArray().add("obj").add("glb"))
                        .stream()
                        .map(String::valueOf)
                        .toList();
        String jobId = jobId(task);
        AssetSpec preview = new AssetSpec(task.id() + "/preview", AssetFormat.PNG, 0, true);
        String previewUrl = ctx.assets()
                .url(HunyuanApi.PROVIDER, task.account(), task.id(), "preview.png", preview, URL_TTL, scenario);
        JsonArray content = new JsonArray();
        for (String format : formats) {
            AssetFormat assetFormat =
                    switch (format) {
                        case "obj" -> AssetFormat.OBJ_ZIP;
                        case "stl" -> AssetFormat.STL;
                        case "fbx" -> AssetFormat.FBX;
                        case "usdz" -> AssetFormat.USDZ;
                        default -> AssetFormat.GLB;
                    };
            AssetSpec spec = AssetSpec.model(task.id() + "/" + format, assetFormat, textured, geometry)
                    .withPbr(pbr)
                    .sizedBy(scenario);
            String file = jobId + "." + assetFormat.extension();
            content.add(new JsonObject()
                    .put("type", "glb")
                    .put("format", format)
                    .put(
                            "url",
                            ctx.assets()
                                    .url(HunyuanApi.PROVIDER, task.account(), task.id(), file, spec, URL_TTL, scenario))
                    .put("preview_url", previewUrl)
                    .put("jobId", jobId));
        }
        return content;
    }

    private static JsonObject metadata(EmulatedTask task, Instant now) {
        Instant started = task.startedAt();
        Instant finished = task.finishedAt();
        Instant queueEnd = started != null ? started : (finished != null ? finished : now);
        JsonObject metadata =
                new JsonObject().put("upload_at", 0.4).put("in_queue_at", seconds(task.createdAt(), queueEnd));
        metadata.put("completed_at", finished == null || started == null ? null : seconds(started, finished));
        return metadata;
    }

    /** An upstream-looking numeric job id, stable per task. */
    private static String jobId(EmulatedTask task) {
        long hash = task.id().hashCode() & 0xffffffffL;
        return Long.toString(1_400_000_000_000_000_000L + hash * 1_000L);
    }

    private static double seconds(Instant from, Instant to) {
        return round(Math.max(0, Duration.between(from, to).toMillis()) / 1000.0, 3);
    }

    private static double round(double value, int digits) {
        return BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).doubleValue();
    }
}
