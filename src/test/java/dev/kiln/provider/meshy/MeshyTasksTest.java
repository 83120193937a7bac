package dev.kiln.provider.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.http.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MeshyTasksTest {
    private static final TaskHandle TASK = new TaskHandle(ProviderNames.MESHY_IMAGE_TO_3D, "generate", "t");

    private static TaskSnapshot read(String json) throws Exception {
        return MeshyTasks.snapshot(TASK, Json.MAPPER.readTree(json));
    }

    @Test
    void aPendingTaskSaysItsQueuePosition() throws Exception {
        TaskSnapshot pending = read("{\"id\":\"t\",\"status\":\"PENDING\",\"progress\":0,\"preceding_tasks\":3}");

        assertThat(pending.state()).isEqualTo(TaskState.QUEUED);
        assertThat(pending.queuePosition()).isEqualTo(3);
        assertThat(read("{\"id\":\"t\",\"status\":\"CANCELED\"}").state()).isEqualTo(TaskState.CANCELED);
    }

    @Test
    void filesExpireAtTheEarlierOfTaskExpiryAndUrlExpiry() throws Exception {
        TaskSnapshot done = read("{\"id\":\"t\",\"status\":\"SUCCEEDED\",\"progress\":100,\"expires_at\":1767312000000,"
                + "\"model_urls\":{\"glb\":\"https://a/m.glb?Expires=1767225600&Signature=s\",\"obj\":\"\","
                + "\"pre_remeshed_glb\":\"https://a/p.glb\"},\"thumbnail_url\":\"https://a/p.png\","
                + "\"texture_urls\":[{\"base_color\":\"https://a/t.png\"}]}");

        assertThat(done.outputs())
                .extracting(OutputFile::role)
                .containsExactly(OutputRole.MODEL, OutputRole.EXTRA_MODEL, OutputRole.TEXTURE, OutputRole.PREVIEW);
        assertThat(done.outputs().get(0).expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(done.outputs().get(1).expiresAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(done.outputs().get(1).format()).isEqualTo("glb");
    }
}
