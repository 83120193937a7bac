package dev.kiln.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.contract.ContractSchemas;
import dev.kiln.job.JobState;
import dev.kiln.job.NewJob;
import dev.kiln.net.OutboundAllowlist;
import dev.kiln.net.OutboundPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Intake refuses image URLs that point inside a network, before any provider sees them. */
class ImageUrlIntakeTest {
    private final RequestClassifier classifier =
            new RequestClassifier(new ObjectMapper(), new ContractSchemas(), List.of(), Clock.systemUTC());

    private NewJob classify(String... urls) {
        StringBuilder images = new StringBuilder();
        for (String url : urls) {
            images.append(images.isEmpty() ? "" : ",")
                    .append("{\"url\":\"")
                    .append(url)
                    .append("\"}");
        }
        String request =
                """
                {"jobId":"job-1","provider":"meshy-image-to-3d",
                 "input":{"images":[%s]},"output":{"formats":["glb"]}}"""
                        .formatted(images);
        IntakeDecision decision =
                classifier.classify("job-1", new RecordHeaders(), request.getBytes(StandardCharsets.UTF_8));
        assertThat(decision).isInstanceOf(IntakeDecision.Create.class);
        return ((IntakeDecision.Create) decision).job();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            https://169.254.169.254/latest/meta-data | metadata
            https://0x7f.1/x.png                     | 127.0.0.1, a loopback address
            https://2130706433/x.png                 | loopback
            https://[::ffff:7f00:1]/x.png            | IPv4-mapped
            https://10.1/x.png                       | RFC 1918
            https://localhost./x.png                 | localhost
            https://metadata.google.internal/x.png   | .internal
            https://user:secret@images.example.com/a | user information
            """)
    void anImageUrlThatPointsInsideIsRejected(String url, String because) {
        NewJob job = classify(url);

        assertThat(job.state()).isEqualTo(JobState.REJECTED);
        assertThat(job.rejectionCode()).isEqualTo(RejectionCodes.FORBIDDEN_IMAGE_URL);
        assertThat(job.rejectionMessage()).contains("input.images[0].url").contains(because);
    }

    @Test
    void theRejectionNamesTheImageThatIsRefused() {
        NewJob job = classify("https://images.example.com/front.png", "https://192.168.0.10/back.png");

        assertThat(job.rejectionCode()).isEqualTo(RejectionCodes.FORBIDDEN_IMAGE_URL);
        assertThat(job.rejectionMessage()).startsWith("input.images[1].url").contains("192.168.0.10");
    }

    @Test
    void aPublicImageUrlIsAccepted() {
        assertThat(classify("https://images.example.com/chair.png?sig=abc").state())
                .isEqualTo(JobState.ACCEPTED);
    }

    @Test
    void anAllowlistedHostPassesIntake() {
        classifier.outbound = new OutboundPolicy(OutboundAllowlist.of(List.of("127.0.0.1:8443")));

        assertThat(classify("https://127.0.0.1:8443/cat.png").state()).isEqualTo(JobState.ACCEPTED);
        assertThat(classify("https://127.0.0.1:9443/cat.png").rejectionCode())
                .isEqualTo(RejectionCodes.FORBIDDEN_IMAGE_URL);
    }
}
