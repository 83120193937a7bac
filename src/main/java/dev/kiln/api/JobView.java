package dev.kiln.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as operators see it: state, version, a summary of its inputs (never the image data, never a URL's
 * query string, which may hold a signature) and its history of transitions.
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
