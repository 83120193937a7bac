package dev.kiln.provider.hitem3d;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.net.OutboundGuard;
import dev.kiln.net.OutboundPolicy;
import dev.kiln.net.OutboundResolver;
import dev.kiln.provider.CallbackOutcome;
import dev.kiln.provider.CallbackRequest;
import dev.kiln.provider.CallbackSigner;
import dev.kiln.provider.CreateDoubt;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderCapabilities;
import dev.kiln.provider.ProviderCost;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.ImageStreams;
import dev.kiln.provider.http.InputImageException;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.MultipartBody;
import dev.kiln.provider.http.NotSentException;
import dev.kiln.provider.http.ProviderHttpClient;
import dev.kiln.provider.http.SignedUrls;
import dev.kiln.provider.validation.ImageRules;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Hitem3D: token exchange, streamed multipart submit, query, and callbacks carrying a per-job proof. Offers
 * neither cancel nor listing, so an unknown submit outcome is resolved through callbacks keyed to the job.
 */
public final class Hitem3dAdapter implements ProviderAdapter {

    private static final Logger LOG = Logger.getLogger(Hitem3dAdapter.class);

    static final String SUBMIT_PATH = "/open-api/v1/submit-task";
    static final String QUERY_PATH = "/open-api/v1/query-task";
    static final String BALANCE_PATH = "/open-api/v1/balance";
    public static final String STEP_GENERATE = "generate";
    public static final String STEP_MESH = "mesh";
    public static final String STEP_TEXTURE = "texture";

    /**
     * Hitem3D's documented system error (10000000) says no task exists and may be retried; "generate failed"
     * on a create means the task failed at once: nothing runs and its credits are refunded. Any other 5xx, or
     * a body code nobody documented on one, leaves the create in doubt (the plain rule).
     */
    private static final CreateDoubt CREATE_DOUBT = CreateDoubt.withNoTaskCodes(
            Stream.concat(Stream.of(Hitem3dAnswers.SYSTEM_ERROR), Hitem3dAnswers.GENERATE_FAILED.stream())
                    .collect(Collectors.toUnmodifiableSet()));

    private final ProvidersConfig.Hitem3d config;
    private final ProviderHttpClient http;
    private final Hitem3dRequestValidator validator;
    private final Hitem3dAnswers answers;
    private final Hitem3dTokens tokens;
    private final ImageStreams images;
    private final CallbackSigner signer;
    private final Clock clock;

    /** An adapter that fetches image URLs from public addresses only (nothing allowlisted). */
    public Hitem3dAdapter(Vertx vertx, ProvidersConfig.Hitem3d config, Clock clock) {
        this(vertx, config, OutboundPolicy.strict(), clock);
    }

    public Hitem3dAdapter(Vertx vertx, ProvidersConfig.Hitem3d config, OutboundPolicy outbound, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = new ProviderHttpClient(vertx, clock, ProviderNames.HITEM3D, config.http(), config.rateLimit());
        this.validator = new Hitem3dRequestValidator(config);
        this.answers = new Hitem3dAnswers(config.authFailureCodes());
        this.tokens = new Hitem3dTokens(config, http, answers, clock);
        this.images = new ImageStreams(
                new OutboundGuard(http.raw(), outbound, OutboundResolver.system(vertx)),
                config.http().idleTimeout());
        this.signer = config.callbackSigningKey()
                .map(key -> new CallbackSigner(ProviderNames.HITEM3D, key))
                .orElse(null);
    }

    @Override
    public String provider() {
        return ProviderNames.HITEM3D;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(false, callbacksEnabled(), false, false, config.maxConcurrentTasks());
    }

    private boolean callbacksEnabled() {
        return signer != null && config.callbackBaseUrl().isPresent();
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        return validator.validate(request);
    }

    @Override
    public List<String> steps(JobRequest request) {
        return validator.settings(request).staged() ? List.of(STEP_MESH, STEP_TEXTURE) : List.of(STEP_GENERATE);
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
        Hitem3dSettings settings = validator.settings(step.job());
        Uni<String> meshUrl =
                switch (step.step()) {
                        // The mesh query failing means the create was never sent, whatever the query reached.
                    case STEP_TEXTURE -> freshMeshUrl(step.previous())
                            .onFailure(ProviderException.class)
                            .transform(failure -> NotSentException.before((ProviderException) failure));
                    default -> Uni.createFrom().item(settings.meshUrl());
                };
        return CREATE_DOUBT.outcome(meshUrl.chain(mesh -> {
                    MultipartBody body = body(step, settings, mesh);
                    // The client reports a body that failed half-way as a broken request; keep the real cause.
                    AtomicReference<Throwable> imageFailure = new AtomicReference<>();
                    return authorized("submit", auth -> http.prepare(http.web().postAbs(config.baseUrl() + SUBMIT_PATH))
                                    .putHeader("Authorization", auth)
                                    .putHeader("Content-Type", body.contentType())
                                    .sendStream(body.stream().onFailure().invoke(imageFailure::set)))
                            .onFailure()
                            .transform(failure ->
                                    imageFailure.get() instanceof InputImageException image ? image : failure);
                })
                .map(answer -> {
                    String taskId = Json.text(answer.data(), "task_id");
                    if (taskId == null) {
                        throw HttpErrors.malformed(provider(), "submit", "no task_id in data")
                                .toException(answer.httpStatus());
                    }
                    return new TaskHandle(provider(), step.step(), taskId);
                }));
    }

    private MultipartBody body(StepRequest step, Hitem3dSettings settings, String meshUrl) {
        int requestType;
        int formatCode = settings.formatCode();
        switch (step.step()) {
            case STEP_MESH -> {
                requestType = 1;
                // The mesh feeds the texture step; GLB is what Hitem3D's own staged examples use.
                formatCode = config.formatCodes().getOrDefault("glb", formatCode);
            }
            case STEP_TEXTURE -> requestType = 2;
            default -> requestType = settings.requestType();
        }
        MultipartBody body = new MultipartBody()
                .field("request_type", Integer.toString(requestType))
                .field("model", settings.model())
                .field("resolution", settings.resolution())
                .field("format", Integer.toString(formatCode));
        if (settings.face() != null) {
            body.field("face", settings.face().toString());
        }
        if (meshUrl != null && requestType == 2) {
            body.field("mesh_url", meshUrl);
        }
        if (callbacksEnabled()) {
            body.field(
                    "callback_url",
                    signer.callbackUrl(
                            config.callbackBaseUrl().get(), step.job().jobId(), step.step()));
        }
        String field = settings.multiView() ? "multi_images" : "images";
        if (settings.multiView() && config.sendMultiImagesBit()) {
            body.field("multi_images_bit", settings.viewBits());
        }
        List<ImageInput> inputs = settings.images();
        for (int i = 0; i < inputs.size(); i++) {
            ImageInput image = inputs.get(i);
            String type = ImageRules.type(image).orElse("png").replace("jpg", "jpeg");
            String name = (image.view() == null ? "image" + i : image.view()) + "." + type;
            String inputField = "input.images[" + i + "]";
            body.file(field, name, "image/" + type, () -> images.open(image, inputField, config.maxImageBytes()));
        }
        return body;
    }

    private Uni<String> freshMeshUrl(TaskHandle mesh) {
        // Result URLs live an hour: ask again instead of trusting the one seen when the mesh finished.
        return status(mesh).map(snapshot -> snapshot.outputs().stream()
                .filter(file -> file.role() == OutputRole.MODEL)
                .map(OutputFile::url)
                .findFirst()
                .orElseThrow(() -> ProviderError.of(
                                ErrorKind.TASK_FAILED,
                                true,
                                null,
                                "the mesh task " + mesh.taskId() + " has no mesh to texture (state "
                                        + snapshot.providerStatus() + ")")
                        .toException()));
    }

    @Override
    public Uni<TaskSnapshot> status(TaskHandle task) {
        String url =
                config.baseUrl() + QUERY_PATH + "?task_id=" + URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8);
        return TaskSnapshot.taskFailureAsSnapshot(
                        authorized("query", auth -> http.prepare(http.web().getAbs(url))
                                        .putHeader("Authorization", auth)
                                        .send())
                                .map(answer -> snapshot(task, answer.data())),
                        task)
                .flatMap(this::withBalanceOnceEnded);
    }

    /**
     * Hitem3D reports no per-task cost, so an ended task carries the account balance read right after it: the
     * figure a cost ledger differences. A balance that cannot be read leaves the snapshot without a cost; it
     * never fails the poll that saw the task end.
     */
    private Uni<TaskSnapshot> withBalanceOnceEnded(TaskSnapshot snapshot) {
        if (!snapshot.state().isTerminal()) {
            return Uni.createFrom().item(snapshot);
        }
        return balance()
                .map(balance -> snapshot.withCost(ProviderCost.balanceAfter(balance)))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.debugf(
                            "hitem3d balance not read after task %s ended: %s",
                            snapshot.task().taskId(), failure.getMessage());
                    return snapshot;
                });
    }

    /** The account's credit balance ({@code data.totalBalance}), for a credit gauge or a readiness check. */
    public Uni<BigDecimal> balance() {
        return authorized("balance", auth -> http.prepare(http.web().getAbs(config.baseUrl() + BALANCE_PATH))
                        .putHeader("Authorization", auth)
                        .send())
                .map(answer -> {
                    String total = Json.text(answer.data(), "totalBalance");
                    if (total == null) {
                        throw HttpErrors.malformed(provider(), "balance", "no totalBalance in data")
                                .toException();
                    }
                    return new BigDecimal(total);
                });
    }

    @Override
    public CallbackOutcome parseCallback(CallbackRequest callback) {
        if (!callbacksEnabled()) {
            return new CallbackOutcome.Refused("hitem3d callbacks are not configured");
        }
        if (!signer.verify(callback.queryParameters())) {
            return new CallbackOutcome.Refused("the callback's proof does not match its job");
        }
        String jobId = callback.queryParameters().get(CallbackSigner.JOB);
        String step = callback.queryParameters().get(CallbackSigner.STEP);
        Hitem3dAnswers.Answer answer = Hitem3dAnswers.read(200, callback.body()).orElse(null);
        if (answer == null) {
            return new CallbackOutcome.Refused("the callback body is not a Hitem3D task answer", true);
        }
        // Hitem3D names the task in the data of a state callback, but its failure body is just
        // {"code":50010001,"data":{},"msg":"generate failed"}: the signed job and step say which task it is,
        // and the tracker confirms the hint with a query on the task it knows.
        String taskId = Json.text(answer.data(), "task_id");
        TaskHandle task = new TaskHandle(provider(), step, taskId);
        if (!answer.ok()) {
            ProviderError error = answers.error(answer, null);
            return new CallbackOutcome.Accepted(
                    jobId, new TaskSnapshot(task, TaskState.FAILED, "failed", null, null, List.of(), error, null));
        }
        // Sent on every state change (queueing and processing too), the state as `state` or `status`.
        try {
            return new CallbackOutcome.Accepted(jobId, snapshot(task, answer.data()));
        } catch (ProviderException unreadable) {
            return new CallbackOutcome.Refused("the callback carries no state Kiln knows", true);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private TaskSnapshot snapshot(TaskHandle task, JsonNode data) {
        String state = Json.text(data, "state");
        if (state == null) {
            state = Json.text(data, "status");
        }
        if (state == null) {
            throw HttpErrors.malformed(provider(), "query", "no state in data").toException();
        }
        TaskState mapped =
                switch (state.toLowerCase(Locale.ROOT)) {
                    case "created", "queueing", "queued" -> TaskState.QUEUED;
                    case "processing" -> TaskState.RUNNING;
                    case "success" -> TaskState.SUCCEEDED;
                    case "failed" -> TaskState.FAILED;
                    default -> throw HttpErrors.malformed(provider(), "query", "unknown state " + state)
                            .toException();
                };
        List<OutputFile> outputs = mapped == TaskState.SUCCEEDED ? outputs(data) : List.of();
        ProviderError failure = mapped == TaskState.FAILED
                ? ProviderError.of(ErrorKind.TASK_FAILED, true, null, "hitem3d could not generate the model")
                : null;
        // Hitem3D reports no per-task cost; status() adds the account balance once the task has ended.
        return new TaskSnapshot(task, mapped, state, null, null, outputs, failure, null);
    }

    private List<OutputFile> outputs(JsonNode data) {
        // URLs live an hour from this answer, unless they say otherwise themselves.
        Instant lifetime = clock.instant().plus(config.resultUrlLifetime());
        List<OutputFile> files = new ArrayList<>();
        String model = Json.text(data, "url");
        if (model != null) {
            String ext = extension(model);
            boolean zipped = "zip".equals(ext);
            files.add(new OutputFile(
                    OutputRole.MODEL,
                    zipped ? "obj" : ext,
                    "model",
                    model,
                    SignedUrls.earliest(lifetime, SignedUrls.expiry(model)),
                    zipped));
        }
        String cover = Json.text(data, "cover_url");
        if (cover != null) {
            String ext = extension(cover);
            files.add(new OutputFile(
                    OutputRole.PREVIEW,
                    ext == null ? "webp" : ext,
                    "cover",
                    cover,
                    SignedUrls.earliest(lifetime, SignedUrls.expiry(cover)),
                    false));
        }
        return files;
    }

    static String extension(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }

    /**
     * One authorized call whose answer's body code decides the outcome; a refused token is refreshed and the
     * call made once more. An error read from an answer carries its HTTP status; a token that could not be had
     * means the call itself never went out.
     */
    private Uni<Hitem3dAnswers.Answer> authorized(String operation, Function<String, Uni<HttpResponse<Buffer>>> call) {
        return attempt(operation, call, true);
    }

    private Uni<Hitem3dAnswers.Answer> attempt(
            String operation, Function<String, Uni<HttpResponse<Buffer>>> call, boolean mayRetryAuth) {
        return tokens.authorization()
                .onFailure(ProviderException.class)
                .transform(failure -> NotSentException.before((ProviderException) failure))
                .chain(auth -> http.send(operation, () -> call.apply(auth)).chain(response -> {
                    int status = response.statusCode();
                    byte[] body = response.body() == null
                            ? new byte[0]
                            : response.body().getBytes();
                    Hitem3dAnswers.Answer answer =
                            Hitem3dAnswers.read(status, body).orElse(null);
                    if (answer == null) {
                        ProviderError error = status >= 300
                                ? HttpErrors.fromStatus(
                                        status, "hitem3d " + operation + " failed", http.retryAfter(response))
                                : HttpErrors.malformed(provider(), operation, "no code in the answer");
                        if (error.kind() == ErrorKind.AUTHENTICATION && mayRetryAuth && tokens.canRefresh()) {
                            tokens.invalidate(auth);
                            return attempt(operation, call, false);
                        }
                        return Uni.createFrom().failure(error.toException(status));
                    }
                    if (answer.ok()) {
                        return Uni.createFrom().item(answer);
                    }
                    if (answers.isAuthFailure(answer) && mayRetryAuth && tokens.canRefresh()) {
                        tokens.invalidate(auth);
                        return attempt(operation, call, false);
                    }
                    ProviderError error = answers.error(answer, http.retryAfter(response));
                    return Uni.createFrom().failure(error.toException(status));
                }));
    }
}
