package dev.kiln.provider.meshy;

import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import dev.kiln.provider.CancelResult;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ListedTask;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderCapabilities;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.Violation;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.validation.ImageRules;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Meshy Creative Lab figure: a prototype (concept image from the photo), then a build (textured model) fed by
 * the prototype's id: two steps of one job. Every call names the stage in its path, as the API requires.
 */
public final class MeshyFigureAdapter implements ProviderAdapter {
    public static final String STEP_PROTOTYPE = "prototype";
    public static final String STEP_BUILD = "build";
    static final String BASE_PATH = "/openapi/creative-lab/figure/v1/";
    private static final Set<String> STAGES = Set.of(STEP_PROTOTYPE, STEP_BUILD);

    private final MeshyClient client;
    private final MeshyFigureRequestValidator validator;
    private final MeshyFollower follower;

    public MeshyFigureAdapter(MeshyClient client) {
        this.client = client;
        this.validator = new MeshyFigureRequestValidator(client.config());
        this.follower = new MeshyFollower(client);
    }

    @Override
    public String provider() {
        return ProviderNames.MESHY_FIGURE;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(true, false, true, true, client.config().maxConcurrentTasks());
    }

    @Override
    public List<Violation> validate(JobRequest request) {
        return validator.validate(request);
    }

    @Override
    public List<String> steps(JobRequest request) {
        return List.of(STEP_PROTOTYPE, STEP_BUILD);
    }

    @Override
    public String account() {
        return client.account();
    }

    @Override
    public Uni<SubmitOutcome> submit(StepRequest step) {
        if (!validator.validate(step.job()).isEmpty()) {
            return refused(ProviderError.invalidJob(step.job().jobId()));
        }
        var body = Json.MAPPER.createObjectNode();
        JobRequest job = step.job();
        if (job.options() != null && job.options().hasNonNull("name")) {
            body.put("name", job.options().get("name").asText());
        }
        switch (step.step()) {
            case STEP_PROTOTYPE -> {
                ImageInput photo = job.input().images().get(0);
                body.put("image_url", ImageRules.asUrlOrDataUri(photo));
            }
            case STEP_BUILD -> {
                if (step.previous() == null
                        || !STEP_PROTOTYPE.equals(step.previous().step())) {
                    return refused(ProviderError.of(
                            ErrorKind.INVALID_INPUT, false, null, "a figure build needs its prototype task"));
                }
                body.put("input_task_id", step.previous().taskId());
            }
            default -> {
                return refused(unknownStep(step.step()).error());
            }
        }
        return client.create(BASE_PATH + step.step(), body, id -> new TaskHandle(provider(), step.step(), id));
    }

    private static Uni<SubmitOutcome> refused(ProviderError error) {
        return Uni.createFrom().item(SubmitOutcome.notCreated(error));
    }

    @Override
    public Uni<TaskSnapshot> status(TaskHandle task) {
        return stagePath(task).chain(path -> client.get(path).map(node -> MeshyTasks.snapshot(task, node)));
    }

    @Override
    public Multi<TaskSnapshot> follow(TaskHandle task) {
        if (!STAGES.contains(task.step())) {
            return Multi.createFrom().failure(unknownStep(task.step()));
        }
        return follower.follow(task, taskPath(task) + "/stream", this::status);
    }

    /**
     * PENDING: refunded; IN_PROGRESS: canceled without refund; an ended task answers 400. A 400 may be a cancel
     * that raced the task's end: the task is read once, and if it has ended the result says how (it may have
     * succeeded, its files on offer).
     */
    @Override
    public Uni<CancelResult> cancel(TaskHandle task) {
        return stagePath(task)
                .chain(client::delete)
                .replaceWith(CancelResult.taskStopped())
                .onFailure(failure ->
                        failure instanceof ProviderException refused && refused.kind() == ErrorKind.INVALID_INPUT)
                .recoverWithUni(refused -> status(task)
                        .chain(snapshot -> snapshot.state().isTerminal()
                                ? Uni.createFrom().item(CancelResult.alreadyEnded(snapshot))
                                : Uni.createFrom().<CancelResult>failure(refused)));
    }

    @Override
    public Uni<List<ListedTask>> listRecentTasks(String step, int limit) {
        if (!STAGES.contains(step)) {
            return Uni.createFrom().failure(unknownStep(step));
        }
        return client.list(BASE_PATH + step, limit).map(array -> {
            List<ListedTask> tasks = new ArrayList<>();
            array.forEach(node -> tasks.add(MeshyTasks.listed(
                    new TaskHandle(provider(), step, node.path("id").asText()), node)));
            return tasks;
        });
    }

    @Override
    public void close() {
        client.close();
    }

    private Uni<String> stagePath(TaskHandle task) {
        return STAGES.contains(task.step())
                ? Uni.createFrom().item(taskPath(task))
                : Uni.createFrom().failure(unknownStep(task.step()));
    }

    private static String taskPath(TaskHandle task) {
        return BASE_PATH + task.step() + "/" + URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8);
    }

    private static ProviderException unknownStep(String step) {
        return ProviderError.of(ErrorKind.INVALID_INPUT, false, null, "a figure has no step " + step)
                .toException();
    }
}
