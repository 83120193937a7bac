package dev.kiln.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.contract.JobRequest;
import dev.kiln.contract.JobRequest.ImageInput;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request builders for provider tests. */
public final class Requests {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Requests() {}

    public static ImageInput url(String url) {
        return new ImageInput(url, null, null, null);
    }

    public static ImageInput url(String url, String view) {
        return new ImageInput(url, null, null, view);
    }

    public static ImageInput inline(byte[] bytes, String mediaType, String view) {
        return new ImageInput(null, Base64.getEncoder().encodeToString(bytes), mediaType, view);
    }

    public static ObjectNode options(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JobRequest request(
            String provider, List<ImageInput> images, String prompt, List<String> formats, String optionsJson) {
        return new JobRequest(
                "job-" + UUID.randomUUID(),
                provider,
                new JobRequest.Input(images, prompt),
                new JobRequest.Output(formats),
                options(optionsJson),
                null,
                Map.of());
    }

    public static List<String> codes(List<Violation> violations) {
        return violations.stream().map(Violation::code).toList();
    }
}
