package dev.kiln.provider.meshy;

import dev.kiln.contract.JobRequest;
import dev.kiln.provider.CancelResult;
import dev.kiln.provider.ListedTask;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderCapabilities;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.Violation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Meshy Image to 3D ({@code /openapi/v1/image-to-3d}) or Multi-Image to 3D ({@code .../multi-image-to-3d}). */
public final class MeshyImageTo3dAdapter implements ProviderAdapter {
    public static final String STEP_GENERATE = "generate";
    static final String SINGLE_PATH = "/openapi/v1/image-to-3d";
    static final String MULTI_PATH = "/openapi/v1/multi-image-to-3d";

    private final MeshyClient client;
    private final MeshyImageTo3dRequestValidator validator;
    private final MeshyFollower follower;
    private final String path;

    /** The single-image API when {@code multi} is false, the multi-image one when true. */
    public MeshyImageTo3dAdapter(MeshyClient client, boolean multi) {
        this.client = client;
        this.validator = new MeshyImageTo3dRequestValidator(client.config(), multi);
        this.follower = new MeshyFollower(client);
        this.path = multi ? MULTI_PATH : SINGLE_PATH;
    }

    @Override
    public String provider() {
        return validator.provider();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(
                true, false, false, true, client.config().maxConcurrentTasks());
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
        return client.account();
    }

    @Override
    public Uni<SubmitOutcome> submit(StepRequest step) {
        if (!validator.validate(step.job()).isEmpty()) {
            return Uni.createFrom()
                    .item(SubmitOutcome.notCreated(
                            ProviderError.invalidJob(step.job().jobId())));
        }
        return client.create(path, validator.body(step.job()), id -> new TaskHandle(provider(), step.step(), id));
    }

    @Override
    public Uni<TaskSnapshot> status(TaskHandle task) {
        return client.get(taskPath(task)).map(node -> MeshyTasks.snapshot(task, node));
    }

    @Override
    public Multi<TaskSnapshot> follow(TaskHandle task) {
        return follower.follow(task, taskPath(task) + "/stream", this::status);
    }

    /**
     * Meshy Image-to-3D has no cancel (seed 003): a canceled job's task runs to its end, credits spent, and is
     * no longer watched. Its DELETE is no cancel either: see {@link #deleteTask}.
     */
    @Override
    public Uni<CancelResult> cancel(TaskHandle task) {
        return Uni.createFrom()
                .item(CancelResult.notStoppable("Meshy Image-to-3D offers no cancel: the provider task could not be"
                        + " stopped and runs to its end; it is no longer tracked"));
    }

    /**
     * Deletes the task and its model files at Meshy for good (DELETE, seed 003). Not a cancel: a running task's
     * credits are not refunded, and its files are gone. For clean-up once its files are stored, if ever.
     */
    public Uni<Void> deleteTask(TaskHandle task) {
        return client.delete(taskPath(task));
    }

    @Override
    public Uni<List<ListedTask>> listRecentTasks(String step, int limit) {
        return client.list(path, limit).map(array -> {
            List<ListedTask> tasks = new ArrayList<>();
            array.forEach(node -> tasks.add(MeshyTasks.listed(
                    new TaskHandle(provider(), STEP_GENERATE, node.path("id").asText()), node)));
            return tasks;
        });
    }

    @Override
    public void close() {
        client.close();
    }

    private String taskPath(TaskHandle task) {
        return path + "/" + URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8);
    }
}
