package dev.kiln.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * What intake knows of a job when it creates it.
 *
 * @param state {@link JobState#ACCEPTED} or {@link JobState#REJECTED}
 * @param provider the provider named in the request; may be unknown (or null) for a rejected one
 * @param requestJson the request as received (the CloudEvent's data), canonical JSON
 * @param fingerprint SHA-256 of {@code requestJson}: a redelivery with the same fingerprint is the same request
 * @param labelsJson the caller's labels as a JSON object
 * @param rejectionCode why it was rejected (null when accepted)
 * @param rejectionMessage what to fix (null when accepted)
 */
public record NewJob(
        String id,
        JobState state,
        String provider,
        String requestJson,
        String fingerprint,
        String labelsJson,
        Instant deadline,
        String rejectionCode,
        String rejectionMessage) {

    private static final ObjectMapper LABELS = new ObjectMapper();

    public NewJob {
        if (!JobState.INITIAL.contains(state)) {
            throw new IllegalArgumentException("A job starts ACCEPTED or REJECTED, not " + state);
        }
    }

    /** The caller's {@code labels.tenant}, for fair dispatch across tenants; null when there is none. */
    public String tenant() {
        if (labelsJson == null) {
            return null;
        }
        try {
            JsonNode tenant = LABELS.readTree(labelsJson).get("tenant");
            return tenant != null && tenant.isTextual() ? tenant.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
