package dev.kiln.provider.meshy;

import static dev.kiln.provider.Outcomes.created;
import static dev.kiln.provider.Outcomes.notCreated;
import static dev.kiln.provider.Requests.request;
import static dev.kiln.provider.Requests.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contract.JobRequest;
import dev.kiln.provider.CancelResult;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Meshy Creative Lab figure (prototype → build) against the emulator over real HTTP. */
class MeshyFigureContractTest extends MeshyEmulatorTestBase {
    private MeshyFigureAdapter figure;
    private JobRequest job;

    @BeforeEach
    void adapter() {
        figure = new MeshyFigureAdapter(client);
        job = request(
                ProviderNames.MESHY_FIGURE,
                List.of(url("https://photos.example/me.webp")),
                null,
                List.of("glb", "obj"),
                "{\"name\":\"me as a figure\"}");
        assertThat(figure.validate(job)).isEmpty();
    }

    private TaskSnapshot finish(TaskHandle task) {
        List<TaskSnapshot> seen = figure.follow(task).collect().asList().await().atMost(WAIT);
        assertThat(seen).isNotEmpty();
        return seen.get(seen.size() - 1);
    }

    private TaskHandle submit(String step, TaskHandle previous) {
        return created(figure.submit(new StepRequest(job, step, previous)));
    }

    @Test
    void thePrototypeFeedsTheBuildAsTwoStepsOfOneJob() {
        assertThat(figure.steps(job)).containsExactly("prototype", "build");

        TaskHandle prototype = submit("prototype", null);
        TaskSnapshot concept = finish(prototype);
        assertThat(concept.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(concept.outputs()).extracting(OutputFile::role).containsExactly(OutputRole.CONCEPT_IMAGE);

        TaskHandle build = submit("build", prototype);
        TaskSnapshot model = finish(build);

        assertThat(build.step()).isEqualTo("build");
        assertThat(model.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(model.outputs())
                .extracting(OutputFile::role, OutputFile::format)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(OutputRole.MODEL, "glb"),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.MODEL, "obj"),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.MATERIAL, "mtl"),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.TEXTURE, "png"),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.PREVIEW, "png"));
        assertThat(calls("figure.build.create")).isEqualTo(1);
    }

    @Test
    void aBuildOnAnUnfinishedPrototypeIsRefused() {
        taskScenario(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 5000)
                .put("processingMillis", 5000));
        TaskHandle prototype = submit("prototype", null);

        ProviderError error = notCreated(figure.submit(new StepRequest(job, "build", prototype)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    }

    @Test
    void aBuildWithoutItsPrototypeIsRefusedWithoutACall() {
        ProviderError error =
                notCreated(figure.submit(new StepRequest(job, "build", null))).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(calls("figure.build.create")).isZero();
    }

    @Test
    void everyCallNamesTheTasksOwnStage() {
        TaskHandle prototype = submit("prototype", null);
        TaskHandle asBuild = new TaskHandle(ProviderNames.MESHY_FIGURE, "build", prototype.taskId());

        assertThat(failureOf(figure.status(asBuild)).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(failureOf(figure.follow(asBuild).collect().asList()).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(figure.status(prototype).await().atMost(WAIT).task()).isEqualTo(prototype);
    }

    @Test
    void aPendingStageCanBeCanceledAnEndedOneCannot() {
        taskScenario(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 5000)
                .put("processingMillis", 5000));
        TaskHandle prototype = submit("prototype", null);

        assertThat(figure.cancel(prototype).await().atMost(WAIT).stopped()).isTrue();

        assertThat(figure.status(prototype).await().atMost(WAIT).state()).isEqualTo(TaskState.CANCELED);
        // Meshy answers 400 for an ended task: the adapter reads it once and says how it ended.
        CancelResult again = figure.cancel(prototype).await().atMost(WAIT);
        assertThat(again.stopped()).isFalse();
        assertThat(again.ended().state()).isEqualTo(TaskState.CANCELED);
    }

    @Test
    void aCancelThatRacesCompletionReportsTheFinishedTaskWithItsFiles() {
        TaskHandle prototype = submit("prototype", null);
        finish(prototype);

        CancelResult late = figure.cancel(prototype).await().atMost(WAIT);

        assertThat(late.stopped()).isFalse();
        assertThat(late.ended().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(late.ended().outputs()).isNotEmpty();
        assertThat(late.note()).contains("already ended");
    }

    @Test
    void eachStageIsListedOnItsOwn() {
        TaskHandle prototype = submit("prototype", null);
        finish(prototype);
        TaskHandle build = submit("build", prototype);

        assertThat(figure.listRecent("prototype", 10).await().atMost(WAIT))
                .extracting(snapshot -> snapshot.task().taskId())
                .containsExactly(prototype.taskId());
        assertThat(figure.listRecent("build", 10).await().atMost(WAIT))
                .extracting(snapshot -> snapshot.task())
                .containsExactly(build);
    }

    @Test
    void aModeratedPhotoIsInvalidInput() {
        JobRequest blocked = request(
                ProviderNames.MESHY_FIGURE,
                List.of(url("https://photos.example/moderation-blocked.png")),
                null,
                List.of(),
                "{}");

        ProviderError error = notCreated(figure.submit(new StepRequest(blocked, "prototype", null)))
                .error();

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(error.message()).contains("moderation");
    }
}
