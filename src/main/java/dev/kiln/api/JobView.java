package dev.kiln.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as operators see it: state, version, a summary of its inputs (never the image data, never a URL's
 * query string, which may hold a signature), its steps of work in flight and its history of transitions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String jobId,
        String provider,
        String state,
        long version,
        String step,
        InputsSummary inputs,
        List<String> outputFormats,
        Map<String, String> labels,
        Instant deadline,
        Outcome outcome,
        Instant cancelRequestedAt,
        Instant createdAt,
        Instant updatedAt,
        List<StepView> steps,
        List<HistoryEntry> history) {

    /** What went in: images (where from, type, view) and whether there is a prompt. */
    public record InputsSummary(List<ImageSummary> images, Integer promptLength) {}

    /**
     * @param source {@code url} or {@code inline}
     * @param location scheme, host and path of a URL image (no query string)
     * @param bytes decoded size of an inline image
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageSummary(String source, String location, String mediaType, Long bytes, String view) {}

    public record Outcome(String code, String message) {}

    /**
     * One step of the job's work (a {@code work_item} row), as the replicas working on it see it.
     *
     * @param index 0 for the first step
     * @param step the adapter's step name, once dispatch named it
     * @param phase who handles it next: queue, submit, track, reconcile, store, or done
     * @param attempts create calls made for this step
     * @param leaseOwner the replica holding it now, if any (its lease may have run out: see leaseExpiresAt)
     * @param nextDueAt when it is next looked at; absent once the step is done
     * @param progress the progress last announced, 0 to 100
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(
            int index,
            String step,
            String phase,
            String providerTaskId,
            int attempts,
            String leaseOwner,
            Instant leaseExpiresAt,
            Instant nextDueAt,
            Integer progress,
            String lastError) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(
            long sequence,
            String from,
            String to,
            String step,
            String reasonCode,
            String reason,
            String eventId,
            Instant at) {}
}
