package dev.kiln.provider.hunyuan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.OutputRole;
import dev.kiln.provider.ProviderCost;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.config.ProvidersConfig.Hunyuan.ProgressScale;
import dev.kiln.provider.http.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HunyuanTasksTest {
    private static final TaskHandle TASK = new TaskHandle(ProviderNames.HUNYUAN3D_PRO, "generate", "t1");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TaskSnapshot read(String json) {
        return read(json, ProgressScale.PERCENT);
    }

    private static TaskSnapshot read(String json, ProgressScale scale) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return HunyuanTasks.snapshot(TASK, node, Duration.ofHours(24), NOW, scale);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void bothStatusVocabulariesAreUnderstood() {
        assertThat(read("{\"id\":\"t1\",\"status\":\"pending\"}").state()).isEqualTo(TaskState.QUEUED);
        assertThat(read("{\"id\":\"t1\",\"status\":\"processing\"}").state()).isEqualTo(TaskState.RUNNING);
        assertThat(read("{\"id\":\"t1\",\"status\":\"in_progress\"}").state()).isEqualTo(TaskState.RUNNING);
        assertThat(read("{\"id\":\"t1\",\"status\":\"completed\"}").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(read("{\"id\":\"t1\",\"status\":\"failed\"}").state()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void onThePercentScaleOneIsOnePercentHoweverItIsWritten() {
        for (String one : new String[] {"1", "1.0", "\"1\"", "\"1.0\""}) {
            assertThat(read("{\"status\":\"in_progress\",\"progress\":" + one + "}")
                            .progress())
                    .as(one)
                    .isEqualTo(1);
        }
        assertThat(read("{\"status\":\"in_progress\",\"progress\":42.4}").progress())
                .isEqualTo(42);
        assertThat(read("{\"status\":\"in_progress\",\"progress\":100}").progress())
                .isEqualTo(99);
        assertThat(read("{\"status\":\"completed\",\"progress\":1.0}").progress())
                .isEqualTo(100);
    }

    @Test
    void onTheFractionScaleOneIsDone() {
        assertThat(read("{\"status\":\"in_progress\",\"progress\":0.01}", ProgressScale.FRACTION)
                        .progress())
                .isEqualTo(1);
        assertThat(read("{\"status\":\"in_progress\",\"progress\":\"0.5\"}", ProgressScale.FRACTION)
                        .progress())
                .isEqualTo(50);
        assertThat(read("{\"status\":\"in_progress\",\"progress\":1.0}", ProgressScale.FRACTION)
                        .progress())
                .isEqualTo(99);
        assertThat(read("{\"status\":\"in_progress\",\"progress\":\"soon\"}", ProgressScale.FRACTION)
                        .progress())
                .isNull();
    }

    @Test
    void withoutFormatTheTypeThenTheUrlSaysWhatAFileIs() {
        TaskSnapshot done = read("{\"id\":\"t1\",\"status\":\"completed\",\"output\":[{\"content\":["
                + "{\"type\":\"glb\",\"url\":\"https://c/r/a?sig=1\"},"
                + "{\"url\":\"https://c/r/b.STL?sig=1\"},"
                + "{\"type\":\"\",\"format\":null,\"url\":\"https://c/r/noext?sig=1\"}]}]}");
        assertThat(done.outputs()).extracting(OutputFile::format).containsExactly("glb", "stl");
    }

    @Test
    void anObjIsExpectedZippedWhateverItsUrlEndsWith() {
        TaskSnapshot done = read("{\"id\":\"t1\",\"status\":\"completed\",\"output\":[{\"content\":["
                + "{\"format\":\"obj\",\"url\":\"https://c/r/signed-blob?X-Sig=1\"}]}]}");
        assertThat(done.outputs())
                .singleElement()
                .extracting(OutputFile::zipped)
                .isEqualTo(true);
    }

    @Test
    void usageIsReadAsTheTasksCost() {
        TaskSnapshot done = read("{\"id\":\"t1\",\"status\":\"completed\",\"usage\":{\"cost\":\"0.35\","
                + "\"extra_info\":{\"ResultCreditConsumed\":20},\"quantity\":1}}");
        assertThat(done.cost()).isEqualTo(ProviderCost.charged(new BigDecimal("20"), new BigDecimal("0.35"), "USD"));
        TaskSnapshot noPrice = read("{\"id\":\"t1\",\"status\":\"completed\",\"usage\":{\"cost\":\"\","
                + "\"extra_info\":{\"ResultCreditConsumed\":20}}}");
        assertThat(noPrice.cost()).isEqualTo(ProviderCost.credits(new BigDecimal("20")));
        assertThat(read("{\"id\":\"t1\",\"status\":\"in_progress\"}").cost()).isNull();
    }

    @Test
    void formatDecidesNotTypeAndObjZipsAreRecognised() {
        TaskSnapshot done = read("{\"id\":\"t1\",\"status\":\"completed\",\"created_at\":1767225600000,\"output\":[{"
                + "\"content\":[{\"type\":\"glb\",\"format\":\"obj\",\"url\":\"https://c/r/model.zip?sig=1\","
                + "\"preview_url\":\"https://c/r/p.png\",\"jobId\":\"u1\"},"
                + "{\"type\":\"glb\",\"format\":\"glb\",\"url\":\"https://c/r/model.glb\","
                + "\"preview_url\":\"https://c/r/p.png\",\"jobId\":\"u1\"}]}]}");

        assertThat(done.outputs())
                .extracting(OutputFile::role, OutputFile::format, OutputFile::zipped)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OutputRole.MODEL, "obj", true),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.PREVIEW, "png", false),
                        org.assertj.core.groups.Tuple.tuple(OutputRole.MODEL, "glb", false));
        assertThat(done.outputs().get(0).expiresAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(done.outputs().get(0).toString()).doesNotContain("sig=1");
    }

    @Test
    void failureCodesSayWhetherToTryAgain() {
        ProviderError generation =
                read("{\"status\":\"failed\",\"error\":{\"code\":\"13001095\",\"message\":\"upstream\"}}")
                        .failure();
        assertThat(generation.kind()).isEqualTo(ErrorKind.TASK_FAILED);
        assertThat(generation.retryable()).isTrue();
        assertThat(generation.providerCode()).isEqualTo("13001095");

        ProviderError unknown = read("{\"status\":\"failed\",\"error\":{\"code\":\"999\",\"message\":\"?\"}}")
                .failure();
        assertThat(unknown.retryable()).isFalse();
    }

    @Test
    void httpErrorsAreRefinedByTheirBody() throws Exception {
        JsonNode creation = Json.MAPPER.readTree("{\"error\":{\"code\":\"13001099\",\"message\":\"create failed\"}}");
        assertThat(HunyuanTasks.httpError(500, creation, null).kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(HunyuanTasks.httpError(500, creation, null).retryable()).isTrue();

        JsonNode balance = Json.MAPPER.readTree("{\"error\":{\"message\":\"insufficient balance\"}}");
        assertThat(HunyuanTasks.httpError(403, balance, null).kind()).isEqualTo(ErrorKind.OUT_OF_CREDITS);
        assertThat(HunyuanTasks.httpError(403, null, null).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(HunyuanTasks.httpError(401, null, null).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(HunyuanTasks.httpError(429, null, Duration.ofSeconds(3)).retryAfter())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
