package dev.kiln.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {
    private static final String KEY = "callback-signing-key-for-tests";
    private final CallbackSigner signer = new CallbackSigner("hitem3d", KEY);

    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    @Test
    void theUrlCarriesAProofForItsJobAndStepButNotTheKey() {
        String url = signer.callbackUrl("https://kiln.example/callbacks/hitem3d", "job 1/ä", "mesh");

        assertThat(url).doesNotContain(KEY);
        assertThat(signer.verify(query(url))).isTrue();
        assertThat(signer.toString()).doesNotContain(KEY);
    }

    @Test
    void aProofForAnotherJobStepOrKeyIsRefused() {
        Map<String, String> genuine = query(signer.callbackUrl("https://k/cb?x=1", "job-1", "generate"));

        Map<String, String> otherJob = new HashMap<>(genuine);
        otherJob.put(CallbackSigner.JOB, "job-2");
        Map<String, String> otherStep = new HashMap<>(genuine);
        otherStep.put(CallbackSigner.STEP, "texture");
        Map<String, String> noProof = new HashMap<>(genuine);
        noProof.remove(CallbackSigner.SIGNATURE);

        assertThat(signer.verify(genuine)).isTrue();
        assertThat(signer.verify(otherJob)).isFalse();
        assertThat(signer.verify(otherStep)).isFalse();
        assertThat(signer.verify(noProof)).isFalse();
        assertThat(new CallbackSigner("hitem3d", "another-key").verify(genuine)).isFalse();
    }
}
