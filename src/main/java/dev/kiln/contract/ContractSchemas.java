package dev.kiln.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/** The version 1 JSON Schemas of the public contracts ({@code src/main/resources/contracts/v1}), as validators. */
@ApplicationScoped
public class ContractSchemas {

    private final JsonSchema jobRequested = load("job-requested.schema.json");
    private final JsonSchema jobCancelRequested = load("job-cancel-requested.schema.json");

    /** Every way {@code data} breaks the {@code job.requested} schema, as "where: what" lines; empty when valid. */
    public List<String> jobRequestedViolations(JsonNode data) {
        return violations(jobRequested, data);
    }

    /** Every way {@code data} breaks the {@code job.cancel-requested} schema; empty when valid. */
    public List<String> jobCancelRequestedViolations(JsonNode data) {
        return violations(jobCancelRequested, data);
    }

    private static List<String> violations(JsonSchema schema, JsonNode data) {
        return schema.validate(data).stream()
                .sorted(Comparator.comparing(
                                (ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .map(ContractSchemas::describe)
                .distinct()
                .toList();
    }

    private static String describe(ValidationMessage message) {
        String where = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        String what = message.getMessage().replaceFirst("^\\$[^:]*: ", "");
        return (where.isEmpty() ? "request" : where) + ": " + what;
    }

    private static JsonSchema load(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                .formatAssertionsEnabled(true)
                .build();
        try (InputStream in = ContractSchemas.class.getResourceAsStream("/contracts/v1/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Schema contracts/v1/" + name + " is missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
