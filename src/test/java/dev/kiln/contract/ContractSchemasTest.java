package dev.kiln.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.support.Requests;
import org.junit.jupiter.api.Test;

class ContractSchemasTest {

    private final ContractSchemas schemas = new ContractSchemas();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aValidRequestHasNoViolations() throws Exception {
        assertThat(schemas.jobRequestedViolations(json.readTree(Requests.valid("job-1"))))
                .isEmpty();
        assertThat(schemas.jobRequestedViolations(json.readTree(Requests.validInline("job-2", "hitem3d"))))
                .isEmpty();
    }

    @Test
    void violationsNameTheFieldAsADottedPath() throws Exception {
        var request = json.readTree(Requests.valid("job-1").replace("\"obj\"", "\"dwg\""));
        assertThat(schemas.jobRequestedViolations(request))
                .singleElement()
                .asString()
                .startsWith("output.formats[1]: ")
                .contains("enumeration");
    }

    /** Found by the fuzz test: an empty key could not be written as a JSON Path, and validation threw. */
    @Test
    void keysNoJsonPathCanSpellAreNamedToo() throws Exception {
        var request = json.readTree(
                """
                {"jobId":"j","provider":"hitem3d","output":{"formats":["glb"]},"":1,
                 "input":{"images":[{"url":"https://x.test/a.png"}]},"labels":{"":"x","a.b":7}}""");
        assertThat(schemas.jobRequestedViolations(request))
                .anySatisfy(line -> assertThat(line).startsWith("request: ").contains("''"))
                .anySatisfy(line -> assertThat(line).startsWith("labels[\"a.b\"]: "))
                .anySatisfy(line -> assertThat(line).startsWith("labels: property ''"));
    }

    @Test
    void anImageNeedsExactlyOneOfUrlAndInlineDataAndHttpsOnly() throws Exception {
        var both = json.readTree(
                """
                {"jobId":"j","provider":"hitem3d","output":{"formats":["glb"]},
                 "input":{"images":[{"url":"https://x.test/a.png","base64":"AAAA","mediaType":"image/png"}]}}""");
        var plainHttp = json.readTree(
                """
                {"jobId":"j","provider":"hitem3d","output":{"formats":["glb"]},
                 "input":{"images":[{"url":"http://x.test/a.png"}]}}""");
        var inlineWithoutType = json.readTree(
                """
                {"jobId":"j","provider":"hitem3d","output":{"formats":["glb"]},
                 "input":{"images":[{"base64":"AAAA"}]}}""");
        assertThat(schemas.jobRequestedViolations(both)).isNotEmpty();
        assertThat(schemas.jobRequestedViolations(plainHttp)).anyMatch(v -> v.startsWith("input.images[0]"));
        assertThat(schemas.jobRequestedViolations(inlineWithoutType)).isNotEmpty();
    }

    @Test
    void aDeadlineMustBeADateTimeAndLabelsStrings() throws Exception {
        var request = json.readTree(Requests.valid("job-1")
                .replace("\"labels\"", "\"deadline\":\"tomorrow\",\"labels\"")
                .replace("\"42\"", "42"));
        assertThat(schemas.jobRequestedViolations(request))
                .anyMatch(v -> v.startsWith("deadline: "))
                .anyMatch(v -> v.startsWith("labels.order: "));
    }

    @Test
    void aCancelNeedsAJobIdAndNothingUnknown() throws Exception {
        assertThat(schemas.jobCancelRequestedViolations(json.readTree("{\"jobId\":\"j-1\"}")))
                .isEmpty();
        assertThat(schemas.jobCancelRequestedViolations(json.readTree("{\"reason\":\"x\",\"extra\":1}")))
                .hasSize(2);
    }
}
