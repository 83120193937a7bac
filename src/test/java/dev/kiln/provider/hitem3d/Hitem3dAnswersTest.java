package dev.kiln.provider.hitem3d;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hitem3dAnswersTest {
    private final Hitem3dAnswers answers = new Hitem3dAnswers(List.of("40010000"));

    private ProviderError error(int http, String body) {
        Hitem3dAnswers.Answer answer =
                Hitem3dAnswers.read(http, body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(answer.ok()).isFalse();
        return answers.error(answer, null);
    }

    @Test
    void theCodeMayBeANumberOrAString() {
        assertThat(Hitem3dAnswers.read(200, "{\"code\":200,\"data\":{}}".getBytes(StandardCharsets.UTF_8))
                        .orElseThrow()
                        .ok())
                .isTrue();
        assertThat(Hitem3dAnswers.read(200, "{\"code\":\"200\",\"data\":{}}".getBytes(StandardCharsets.UTF_8))
                        .orElseThrow()
                        .ok())
                .isTrue();
        assertThat(Hitem3dAnswers.read(200, "{\"msg\":\"no code\"}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(Hitem3dAnswers.read(200, "{\"code\":20".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void everyDocumentedCodeHasItsClass() {
        assertThat(error(200, "{\"code\":30010000,\"msg\":\"balance is not enough\"}")
                        .kind())
                .isEqualTo(ErrorKind.OUT_OF_CREDITS);
        for (int code = 10031001; code <= 10031012; code++) {
            ProviderError invalid = error(200, "{\"code\":" + code + ",\"msg\":\"m\"}");
            assertThat(invalid.kind()).as("code %d", code).isEqualTo(ErrorKind.INVALID_INPUT);
            assertThat(invalid.retryable()).isFalse();
        }
        ProviderError system = error(200, "{\"code\":\"10000000\",\"msg\":\"system error\"}");
        assertThat(system.kind()).isEqualTo(ErrorKind.PROVIDER_FAULT);
        assertThat(system.retryable()).isTrue();
        for (String failed : List.of("50010001", "5001001")) {
            ProviderError generate = error(200, "{\"code\":" + failed + ",\"msg\":\"generate failed\"}");
            assertThat(generate.kind()).isEqualTo(ErrorKind.TASK_FAILED);
            assertThat(generate.retryable()).as("a new task may succeed").isTrue();
        }
        assertThat(error(200, "{\"code\":40010000,\"msg\":\"accessToken is invalid\"}")
                        .kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error(200, "{\"code\":77777777,\"msg\":\"?\"}").retryable()).isFalse();
    }
}
