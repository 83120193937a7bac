package dev.kiln.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
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
import java.util.Map;

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
                .map(message -> Map.entry(dotted(message.getInstanceLocation()), message))
                .sorted(Comparator.comparing((Map.Entry<String, ValidationMessage> m) -> m.getKey())
                        .thenComparing(m -> m.getValue().getMessage()))
                .map(m -> describe(m.getKey(), m.getValue()))
                .distinct()
                .toList();
    }

    private static String describe(String where, ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String what = message.getMessage();
        if (what.startsWith(location + ": ")) {
            what = what.substring(location.length() + 2);
        }
        return (where.isEmpty() ? "request" : where) + ": " + what;
    }

    /**
     * The location as a dotted path ({@code output.formats[1]}), made from the path's elements: a JSON Pointer
     * underneath, as a JSON Path cannot hold every key a request may have (the empty one, for instance).
     */
    static String dotted(JsonNodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else if (String.valueOf(element).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                out.append(out.length() == 0 ? "" : ".").append(element);
            } else {
                out.append("[\"").append(clip(String.valueOf(element))).append("\"]");
            }
        }
        return out.toString();
    }

    private static String clip(String key) {
        return key.length() <= 64 ? key : key.substring(0, 64) + "…";
    }

    private static JsonSchema load(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
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
