package dev.kiln.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code job.requested} message, version 1 (schema: {@code contracts/v1/job-requested.schema.json}).
 * A wire type: intake validates it against the schema before it is bound to this record.
 *
 * @param jobId the caller's idempotency key; the job's id everywhere in Kiln
 * @param provider which provider API runs the job, e.g. {@code hitem3d}, {@code meshy-image-to-3d}
 * @param input the images (and prompt) the model is made from
 * @param output what files the caller wants
 * @param options provider parameters, checked against that provider's documented rules; never null
 * @param deadline when the caller stops caring; null for none
 * @param labels free caller labels, echoed on every event; never null
 */
public record JobRequest(
        String jobId,
        String provider,
        Input input,
        Output output,
        ObjectNode options,
        Instant deadline,
        Map<String, String> labels) {

    /** The inputs of a job: images (by URL or inline) and, where the provider takes one, a prompt. */
    public record Input(List<ImageInput> images, String prompt) {
        public Input {
            images = images == null ? List.of() : List.copyOf(images);
        }
    }

    /**
     * One input image: exactly one of {@code url} (https) and {@code base64} (with its {@code mediaType}).
     *
     * @param view which side of the object the image shows (front, back, left, right, top, bottom,
     *     left_front, right_front); null when the provider does not care
     */
    public record ImageInput(String url, String base64, String mediaType, String view) {
        public boolean isInline() {
            return base64 != null;
        }
    }

    /** The requested output formats, lower case: glb, obj, stl, fbx, usdz, 3mf. */
    public record Output(List<String> formats) {
        public Output {
            formats = formats == null ? List.of() : List.copyOf(formats);
        }
    }

    public JobRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
