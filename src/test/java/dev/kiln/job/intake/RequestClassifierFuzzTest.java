package dev.kiln.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.contract.ContractSchemas;
import dev.kiln.contract.JobRequest;
import dev.kiln.job.JobIds;
import dev.kiln.job.JobState;
import dev.kiln.job.intake.fuzz.FuzzPlan;
import dev.kiln.job.intake.fuzz.FuzzRecord;
import dev.kiln.job.intake.fuzz.FuzzRecords;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.TestConfigs;
import dev.kiln.provider.Violation;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.hitem3d.Hitem3dRequestValidator;
import dev.kiln.provider.hunyuan.HunyuanRequestValidator;
import dev.kiln.provider.meshy.MeshyFigureRequestValidator;
import dev.kiln.provider.meshy.MeshyImageTo3dRequestValidator;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The classifier, alone, against thousands of fuzzed records: every record gets a decision that is one of the
 * documented outcomes, never the catch-all that means Kiln had a bug, and never a message that grows with the
 * input. jqwik shrinks a failing record to fewer mutations; {@link IntakeFuzzTest} sends the same kind of
 * records through the real consumer.
 */
class RequestClassifierFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestClassifier CLASSIFIER = classifier();
    private static final Set<String> DOCUMENTED_CODES = documentedCodes();

    @Provide
    Arbitrary<FuzzPlan> plans() {
        return FuzzPlan.plans();
    }

    @Property(tries = 10000)
    void everyRecordGetsADocumentedDecision(@ForAll("plans") FuzzPlan plan) throws Exception {
        FuzzRecord record = FuzzRecords.make(plan, "job-" + Long.toHexString(plan.seed()));
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));

        IntakeDecision decision = CLASSIFIER.classify(record.key(), headers, record.value());

        if (decision instanceof IntakeDecision.DeadLetter dead) {
            assertThat(dead.code())
                    .as(dead.message() + " for " + record.describe())
                    .isNotEqualTo(RejectionCodes.UNPROCESSABLE_RECORD);
            assertThat(DOCUMENTED_CODES).as(record.describe()).contains(dead.code());
            assertThat(dead.message()).as(record.describe()).isNotBlank().hasSizeLessThan(4000);
        } else if (decision instanceof IntakeDecision.Create create) {
            assertThat(create.job().id()).as(record.describe()).isEqualTo(record.jobId());
            assertThat(JobIds.valid(create.job().id())).isTrue();
            // What is stored is JSON that reads back as the request object.
            JsonNode stored = JSON.readTree(create.job().requestJson());
            assertThat(stored.isObject()).as(record.describe()).isTrue();
            assertThat(stored.get("jobId").asText()).isEqualTo(record.jobId());
            if (create.job().state() == JobState.REJECTED) {
                // A schema or Kiln rule (documented) or a provider's own rule (UPPER_SNAKE, see Violation).
                String code = create.job().rejectionCode();
                assertThat(DOCUMENTED_CODES.contains(code) || code.matches("[A-Z][A-Z0-9_]{2,63}"))
                        .as(code + " for " + record.describe())
                        .isTrue();
                assertThat(create.job().rejectionMessage())
                        .as(record.describe())
                        .hasSizeLessThan(4000);
            } else {
                assertThat(create.job().state()).isEqualTo(JobState.ACCEPTED);
            }
        } else {
            IntakeDecision.Cancel cancel = (IntakeDecision.Cancel) decision;
            assertThat(cancel.jobId()).as(record.describe()).isEqualTo(record.jobId());
        }
    }

    private static RequestClassifier classifier() {
        ProvidersConfig config = TestConfigs.providers();
        MeshyImageTo3dRequestValidator multi = new MeshyImageTo3dRequestValidator(config.meshy(), true);
        ProviderRequestValidator multiImage = new ProviderRequestValidator() {
            @Override
            public String provider() {
                return "meshy-multi-image-to-3d";
            }

            @Override
            public List<Violation> validate(JobRequest request) {
                return multi.validate(request);
            }
        };
        return new RequestClassifier(
                JSON,
                new ContractSchemas(),
                List.of(
                        new Hitem3dRequestValidator(config.hitem3d()),
                        new HunyuanRequestValidator(config.hunyuan()),
                        new MeshyImageTo3dRequestValidator(config.meshy(), false),
                        multiImage,
                        new MeshyFigureRequestValidator(config.meshy())),
                Clock.systemUTC());
    }

    /** Every code RejectionCodes documents. */
    private static Set<String> documentedCodes() {
        return java.util.Arrays.stream(RejectionCodes.class.getFields())
                .filter(field -> field.getType() == String.class)
                .map(RequestClassifierFuzzTest::value)
                .collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
