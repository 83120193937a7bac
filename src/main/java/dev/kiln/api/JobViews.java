package dev.kiln.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.job.Job;
import dev.kiln.job.JobTransition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns ledger rows into {@link JobView}s, summarising inputs without exposing their data. */
@ApplicationScoped
class JobViews {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final ObjectMapper json;
    private final JobSteps steps;

    JobViews(ObjectMapper json, JobSteps steps) {
        this.json = json;
        this.steps = steps;
    }

    /** The view of one job with its steps and history; null when there is no such job. Needs a session. */
    Uni<JobView> load(String jobId) {
        return Job.<Job>findById(jobId)
                .chain(job -> job == null ? Uni.createFrom().nullItem() : full(job));
    }

    /** The view of {@code job} as given, with its steps and history read now. Needs a session. */
    Uni<JobView> full(Job job) {
        return JobTransition.<JobTransition>find("key.jobId = ?1 order by key.sequence", job.id)
                .list()
                .chain(history -> steps.of(job.id).map(steps -> of(job, steps, history)));
    }

    /** A job without its steps and history, as lists show it. */
    JobView summary(Job job) {
        return of(job, null, null);
    }

    private JobView of(Job job, List<JobView.StepView> steps, List<JobTransition> history) {
        JsonNode request = read(job.request);
        List<String> formats = new ArrayList<>();
        request.path("output").path("formats").forEach(f -> formats.add(f.asText()));
        return new JobView(
                job.id,
                job.provider,
                job.state.name(),
                job.version,
                job.step,
                inputs(request.path("input")),
                formats,
                labels(job.labels),
                job.deadline,
                job.outcomeCode == null ? null : new JobView.Outcome(job.outcomeCode, job.outcomeMessage),
                job.cancelRequestedAt,
                job.createdAt,
                job.updatedAt,
                steps,
                history == null ? null : history.stream().map(JobViews::entry).toList());
    }

    private static JobView.HistoryEntry entry(JobTransition t) {
        return new JobView.HistoryEntry(
                t.key.sequence(),
                t.fromState == null ? null : t.fromState.name(),
                t.toState.name(),
                t.step,
                t.reasonCode,
                t.reason,
                t.eventId.toString(),
                t.occurredAt);
    }

    private static JobView.InputsSummary inputs(JsonNode input) {
        List<JobView.ImageSummary> images = new ArrayList<>();
        input.path("images")
                .forEach(image -> images.add(
                        image.hasNonNull("url")
                                ? new JobView.ImageSummary(
                                        "url", withoutQuery(image.get("url").asText()), null, null, text(image, "view"))
                                : new JobView.ImageSummary(
                                        "inline",
                                        null,
                                        text(image, "mediaType"),
                                        decodedLength(image.path("base64").asText("")),
                                        text(image, "view"))));
        Integer promptLength =
                input.hasNonNull("prompt") ? input.get("prompt").asText().length() : null;
        return new JobView.InputsSummary(images, promptLength);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String withoutQuery(String url) {
        try {
            URI uri = URI.create(url);
            // Host and port only: the authority may carry user:password.
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return uri.getScheme() + "://" + uri.getHost() + port + (uri.getPath() == null ? "" : uri.getPath());
        } catch (IllegalArgumentException e) {
            return "(not a valid URL)";
        }
    }

    private static long decodedLength(String base64) {
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() * 3 / 4 - padding;
    }

    private JsonNode read(String text) {
        try {
            return text == null ? json.createObjectNode() : json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private Map<String, String> labels(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, LABELS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
