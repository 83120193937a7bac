package dev.kiln.provider.hunyuan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.CreateDoubt;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProgressFloor;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderCapabilities;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.NotSentException;
import dev.kiln.provider.http.ProviderHttpClient;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Hunyuan 3D Pro through the aggregator: JSON create, poll. No SSE, callbacks, cancel or listing: the
 * tracker polls, and an unknown submit outcome cannot be looked up here (there is nothing to list), so it is
 * left to an operator's decision.
 */
public final class HunyuanAdapter implements ProviderAdapter {
    public static final String STEP_GENERATE = "generate";
    /** The aggregator documents two codes that come before any task exists; the rest is the plain rule. */
    private static final CreateDoubt CREATE_DOUBT = CreateDoubt.withNoTaskCodes(HunyuanTasks.NOT_CREATED_CODES);

    private final ProvidersConfig.Hunyuan config;
    private final ProviderHttpClient http;
    private final HunyuanRequestValidator validator;
    private final Clock clock;
    private final ProgressFloor progressFloor = new ProgressFloor();

    public HunyuanAdapter(Vertx vertx, ProvidersConfig.Hunyuan config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http =
                new ProviderHttpClient(vertx, clock, ProviderNames.HUNYUAN3D_PRO, config.http(), config.rateLimit());
        this.validator = new HunyuanRequestValidator(config);
    }

    @Override
    public String provider() {
        return ProviderNames.HUNYUAN3D_PRO;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(false, false, false, false, config.maxConcurrentTasks());
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        return validator.validate(request);
    }

    @Override
    public List<String> steps(JobRequest request) {
        return List.of(STEP_GENERATE);
    }

    @Override
    public String account() {
        return config.account();
    }

    @Override
    public Uni<SubmitOutcome> submit(StepRequest step) {
        if (!validator.validate(step.job()).isEmpty()) {
            return Uni.createFrom()
                    .item(SubmitOutcome.notCreated(
                            ProviderError.invalidJob(step.job().jobId())));
        }
        ObjectNode body = createBody(validator.settings(step.job()));
        return CREATE_DOUBT.outcome(
                exchange("create", (base, auth) -> http.prepare(http.web().postAbs(base + config.createPath()))
                                .putHeader("Authorization", auth)
                                .putHeader("Content-Type", "application/json")
                                .sendBuffer(Buffer.buffer(body.toString())))
                        .map(response -> {
                            String id = Json.text(read("create", response), "id");
                            if (id == null) {
                                throw HttpErrors.malformed(provider(), "create", "no id in the task")
                                        .toException(response.statusCode());
                            }
                            return new TaskHandle(provider(), step.step(), id);
                        }));
    }

    /** The create body; its shape (flat or wrapped) lives here and only here. */
    ObjectNode createBody(HunyuanSettings settings) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        if (settings.prompt() != null) {
            params.put("prompt", settings.prompt());
        }
        ImageInput main = settings.mainImage();
        if (main != null) {
            if (main.isInline()) {
                params.put("image_base64", main.base64());
            } else {
                params.put("image_url", main.url());
            }
        }
        params.put("generate_type", settings.generateType());
        boolean lowPoly = HunyuanRequestValidator.LOW_POLY.equals(settings.generateType());
        // Parameters the chosen type ignores are left out rather than sent to be ignored.
        if (settings.faceCount() != null && !lowPoly) {
            params.put("face_count", settings.faceCount());
        }
        if (settings.polygonType() != null && lowPoly) {
            params.put("polygon_type", settings.polygonType());
        }
        if (settings.enablePbr() != null && !HunyuanRequestValidator.GEOMETRY.equals(settings.generateType())) {
            params.put("enable_pbr", settings.enablePbr());
        }
        if (!settings.views().isEmpty()) {
            ArrayNode views = params.putArray("multi_view_images");
            for (ImageInput view : settings.views()) {
                ObjectNode item = views.addObject().put("ViewType", view.view());
                if (view.isInline()) {
                    item.put("ViewImageBase64", view.base64());
                } else {
                    item.put("ViewImageUrl", view.url());
                }
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", config.modelId());
        if (config.wrapInput()) {
            body.putArray("input").add(params);
            body.putObject("metadata");
        } else {
            body.setAll(params);
        }
        return body;
    }

    @Override
    public Uni<TaskSnapshot> status(TaskHandle task) {
        String path = config.statusPath().replace("{id}", URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8));
        return TaskSnapshot.taskFailureAsSnapshot(
                call("poll", (base, auth) -> http.prepare(http.web().getAbs(base + path))
                                .putHeader("Authorization", auth)
                                .send())
                        .map(body -> progressFloor.apply(HunyuanTasks.snapshot(
                                task, body, config.resultUrlLifetime(), clock.instant(), config.progressScale()))),
                task);
    }

    @Override
    public void close() {
        http.close();
    }

    private interface Call {
        Uni<HttpResponse<Buffer>> send(String baseUrl, String authorization);
    }

    private Uni<JsonNode> call(String operation, Call call) {
        return exchange(operation, call).map(response -> read(operation, response));
    }

    private Uni<HttpResponse<Buffer>> exchange(String operation, Call call) {
        Optional<String> base = config.baseUrl();
        Optional<String> key = config.apiKey();
        if (base.isEmpty() || key.isEmpty()) {
            return Uni.createFrom()
                    .failure(new NotSentException(ProviderError.of(
                            ErrorKind.AUTHENTICATION,
                            false,
                            null,
                            "hunyuan3d-pro needs kiln.providers.hunyuan.base-url and api-key")));
        }
        return http.send(operation, () -> call.send(base.get(), "Bearer " + key.get()));
    }

    /** The task object of an answer; an error answer fails with the status it came with. */
    private JsonNode read(String operation, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        JsonNode body = Json.parse(
                        response.body() == null ? null : response.body().getBytes())
                .orElse(null);
        if (status >= 300) {
            throw HunyuanTasks.httpError(status, body, http.retryAfter(response))
                    .toException(status);
        }
        if (body == null || !body.isObject()) {
            throw HttpErrors.malformed(provider(), operation, "not a JSON object")
                    .toException(status);
        }
        // Some aggregator answers wrap the task as {code, msg, data}; a failing code there is an error,
        // whatever data holds (null on a refused create, {} on a failed task).
        if (!body.has("id") && body.hasNonNull("code") && !HunyuanTasks.isSuccessCode(body.get("code"))) {
            throw HunyuanTasks.httpError(status, body, http.retryAfter(response))
                    .toException(status);
        }
        JsonNode data = body.get("data");
        if (!body.has("id") && data != null && data.isObject()) {
            return data;
        }
        if (!body.has("id") && body.has("error") && body.get("error").isObject()) {
            throw HunyuanTasks.httpError(status, body, null).toException(status);
        }
        return body;
    }
}
