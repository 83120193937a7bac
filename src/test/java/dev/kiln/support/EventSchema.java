package dev.kiln.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Set;

/** The published job event schema, so tests can hold what Kiln emits to it. */
public final class EventSchema {

    private static final JsonSchema SCHEMA = load();

    private EventSchema() {}

    public static Set<ValidationMessage> violations(JsonNode event) {
        return SCHEMA.validate(event);
    }

    private static JsonSchema load() {
        try (InputStream in = EventSchema.class.getResourceAsStream("/contracts/v1/job-event.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            in,
                            SchemaValidatorsConfig.builder()
                                    .formatAssertionsEnabled(true)
                                    .build());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
