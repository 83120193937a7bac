package dev.kiln.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.contract.ContractSchemas;
import dev.kiln.job.JobState;
import dev.kiln.job.NewJob;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.TestImages;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.hitem3d.Hitem3dRequestValidator;
import dev.kiln.provider.hunyuan.HunyuanRequestValidator;
import dev.kiln.provider.meshy.MeshyFigureRequestValidator;
import dev.kiln.provider.meshy.MeshyImageTo3dRequestValidator;
import dev.kiln.support.Requests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Inline images judged by their bytes at intake, through the real classifier and the providers' validators. */
class InlineImageIntakeTest {
    private static final List<String> INLINE_PROVIDERS = List.of(
            ProviderNames.HITEM3D,
            ProviderNames.HUNYUAN3D_PRO,
            ProviderNames.MESHY_IMAGE_TO_3D,
            ProviderNames.MESHY_MULTI_IMAGE_TO_3D,
            ProviderNames.MESHY_FIGURE);

    private final RequestClassifier classifier = classifier();

    private static RequestClassifier classifier() {
        ProvidersConfig config = TestConfigs.providers();
        List<ProviderRequestValidator> validators = List.of(
                new Hitem3dRequestValidator(config.hitem3d()),
                new HunyuanRequestValidator(config.hunyuan()),
                new MeshyImageTo3dRequestValidator(config.meshy(), false),
                new MeshyImageTo3dRequestValidator(config.meshy(), true),
                new MeshyFigureRequestValidator(config.meshy()));
        return new RequestClassifier(
                new ObjectMapper().findAndRegisterModules(), new ContractSchemas(), validators, Clock.systemUTC());
    }

    private NewJob job(String jobId, String body) {
        IntakeDecision decision =
                classifier.classify(jobId, new RecordHeaders(), body.getBytes(StandardCharsets.UTF_8));
        assertThat(decision).isInstanceOf(IntakeDecision.Create.class);
        return ((IntakeDecision.Create) decision).job();
    }

    private static String inline(String jobId, String provider, byte[] image, String mediaType) {
        return """
                {"jobId":"%s","provider":"%s",
                 "input":{"images":[{"base64":"%s","mediaType":"%s"}]},
                 "output":{"formats":["glb"]}}"""
                .formatted(jobId, provider, Base64.getEncoder().encodeToString(image), mediaType);
    }

    @Test
    void helloWorldSentAsAPngIsRejectedForEveryProvider() {
        byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
        for (String provider : INLINE_PROVIDERS) {
            NewJob job = job("hello-" + provider, inline("hello-" + provider, provider, hello, "image/png"));
            assertThat(job.state()).as(provider).isEqualTo(JobState.REJECTED);
            assertThat(job.rejectionCode()).as(provider).isEqualTo(RejectionCodes.IMAGE_TYPE_MISMATCH);
            assertThat(job.rejectionMessage())
                    .as(provider)
                    .contains("input.images[0]")
                    .contains("plain text");
        }
    }

    @Test
    void aSixtyFourPixelImageNeverReachesHunyuan() {
        NewJob job =
                job("small-1", inline("small-1", ProviderNames.HUNYUAN3D_PRO, TestImages.png(64, 64), "image/png"));

        assertThat(job.state()).isEqualTo(JobState.REJECTED);
        assertThat(job.rejectionCode()).isEqualTo(RejectionCodes.IMAGE_TOO_SMALL);
        assertThat(job.rejectionMessage()).contains("64×64 px").contains("128 to 5000 px");
    }

    @Test
    void aJpegDeclaredAsWebpIsRejectedAndTheMessageNamesIt() {
        NewJob job = job(
                "mislabeled-1",
                inline("mislabeled-1", ProviderNames.MESHY_FIGURE, TestImages.jpeg(300, 300), "image/webp"));

        assertThat(job.rejectionCode()).isEqualTo(RejectionCodes.IMAGE_TYPE_MISMATCH);
        assertThat(job.rejectionMessage()).contains("a JPEG image");
    }

    @Test
    void theSampleInlineRequestIsAcceptedByEveryProvider() {
        for (String provider : INLINE_PROVIDERS) {
            String jobId = "sample-" + provider;
            NewJob job = job(jobId, Requests.validInline(jobId, provider));
            assertThat(job.state())
                    .as(provider + ": " + job.rejectionCode() + " " + job.rejectionMessage())
                    .isEqualTo(JobState.ACCEPTED);
        }
    }
}
