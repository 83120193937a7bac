package dev.kiln.job.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.contract.ContractSchemas;
import dev.kiln.contract.JobRequest;
import dev.kiln.events.EventTopics;
import dev.kiln.job.JobIds;
import dev.kiln.job.JobState;
import dev.kiln.job.NewJob;
import dev.kiln.net.OutboundPolicy;
import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.ProviderRequestValidator;
import dev.kiln.provider.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;

/**
 * Decides what one requests-topic record becomes: a job (accepted, or rejected with a specific code and a
 * message a person can act on), a cancel, or a dead letter. Pure: it reads nothing but the record.
 */
@ApplicationScoped
public class RequestClassifier {

    private static final int MAX_LISTED_PROBLEMS = 10;
    private static final int MAX_PROBLEM_LENGTH = 300;
    private static final int MAX_ECHO_LENGTH = 100;
    private static final int MAX_LABELS = 32;
    private static final int MAX_LABEL_KEY = 64;
    private static final int MAX_LABEL_VALUE = 256;

    private final ObjectMapper json;
    private final CloudEventReader reader;
    private final ContractSchemas schemas;
    private final Map<String, ProviderRequestValidator> providerValidators;
    private final Clock clock;

    /** Image URLs must not point inside (field-injected to leave the constructors alone; strict when unset). */
    @Inject
    OutboundPolicy outbound = OutboundPolicy.strict();

    @Inject
    public RequestClassifier(
            ObjectMapper json, ContractSchemas schemas, Instance<ProviderRequestValidator> validators, Clock clock) {
        this(json, schemas, validators.stream().toList(), clock);
    }

    RequestClassifier(
            ObjectMapper json, ContractSchemas schemas, List<ProviderRequestValidator> validators, Clock clock) {
        this.json = json;
        this.reader = new CloudEventReader(json);
        this.schemas = schemas;
        this.providerValidators =
                validators.stream().collect(Collectors.toUnmodifiableMap(ProviderRequestValidator::provider, v -> v));
        this.clock = clock;
    }

    /**
     * Never throws: whatever the record holds, it gets a decision. A failure no rule foresaw sets this record
     * aside as an {@code UNPROCESSABLE_RECORD} dead letter, so it cannot stop intake for the records behind it.
     */
    IntakeDecision classify(String key, Headers headers, byte[] value) {
        try {
            return decide(key, headers, value);
        } catch (RuntimeException | StackOverflowError e) {
            return unprocessable(e);
        }
    }

    /** The dead letter for a record Kiln failed on: the failure's class and a clipped message, nothing more. */
    static IntakeDecision.DeadLetter unprocessable(Throwable failure) {
        return new IntakeDecision.DeadLetter(
                RejectionCodes.UNPROCESSABLE_RECORD,
                "Kiln failed on this record (" + failure.getClass().getName() + ": "
                        + clip(String.valueOf(failure.getMessage()), MAX_PROBLEM_LENGTH)
                        + "); it is set aside and intake goes on");
    }

    private IntakeDecision decide(String key, Headers headers, byte[] value) {
        CloudEventReader.Envelope envelope = reader.read(headers, value);
        if (!envelope.usable()) {
            return new IntakeDecision.DeadLetter(envelope.problemCode(), envelope.problem());
        }
        JsonNode data = envelope.data();
        if (!data.isObject()) {
            return new IntakeDecision.DeadLetter(
                    RejectionCodes.INVALID_ENVELOPE, "The event's data must be a JSON object");
        }
        JsonNode jobIdNode = data.get("jobId");
        if (jobIdNode == null
                || jobIdNode.isNull()
                || (jobIdNode.isTextual() && jobIdNode.asText().isBlank())) {
            return new IntakeDecision.DeadLetter(RejectionCodes.MISSING_JOB_ID, "The request has no jobId");
        }
        if (!jobIdNode.isTextual() || !JobIds.valid(jobIdNode.asText())) {
            return new IntakeDecision.DeadLetter(
                    RejectionCodes.INVALID_JOB_ID, "jobId must be a string: " + JobIds.RULE);
        }
        String jobId = jobIdNode.asText();
        String unstorable = key == null ? null : CanonicalJson.unstorableCharacter(key);
        String where = "The record's key";
        if (unstorable == null) {
            unstorable = CanonicalJson.unstorableCharacter(data);
            where = "A string in the record";
        }
        if (unstorable != null) {
            return new IntakeDecision.DeadLetter(
                    RejectionCodes.MALFORMED_JSON, where + " holds " + unstorable + ", which Kiln cannot store");
        }
        // Checked before anything else: a request on the wrong key must not use up its jobId, and its resend on
        // the right key must then be a first request, not a duplicate.
        if (key != null && !key.equals(jobId)) {
            return new IntakeDecision.DeadLetter(
                    RejectionCodes.KEY_MISMATCH,
                    "The record key '" + clip(key) + "' differs from jobId '" + jobId
                            + "'; nothing was created or changed. Key every request and cancel by its jobId, so a"
                            + " job's records stay in order, and send it again");
        }
        return switch (envelope.type()) {
            case EventTopics.JOB_REQUESTED -> create(jobId, key, (ObjectNode) data);
            case EventTopics.JOB_CANCEL_REQUESTED -> cancel(jobId, data);
            default -> new IntakeDecision.DeadLetter(
                    RejectionCodes.UNSUPPORTED_EVENT_TYPE,
                    "Event type '"
                            + clip(envelope.type()) + "' is not one Kiln reads; send " + EventTopics.JOB_REQUESTED
                            + " or "
                            + EventTopics.JOB_CANCEL_REQUESTED);
        };
    }

    private IntakeDecision cancel(String jobId, JsonNode data) {
        List<String> problems = schemas.jobCancelRequestedViolations(data);
        if (!problems.isEmpty()) {
            return new IntakeDecision.DeadLetter(RejectionCodes.INVALID_CANCEL, summarize(problems));
        }
        return new IntakeDecision.Cancel(jobId, data.path("reason").asText(null));
    }

    private IntakeDecision create(String jobId, String key, ObjectNode data) {
        String canonical = CanonicalJson.write(json, data);
        String fingerprint = CanonicalJson.sha256(canonical);
        JsonNode providerNode = data.get("provider");
        String named = providerNode != null && providerNode.isTextual() ? providerNode.asText() : null;
        // Only a known provider is stored and echoed: anything else could be any size.
        String provider = named != null && ProviderNames.ALL.contains(named) ? named : null;
        String labels = labelsOf(data);
        Rejection rejection = check(data, providerNode, provider);
        if (rejection != null) {
            return new IntakeDecision.Create(new NewJob(
                    jobId,
                    JobState.REJECTED,
                    provider,
                    canonical,
                    fingerprint,
                    labels,
                    null,
                    rejection.code(),
                    rejection.message()));
        }
        Instant deadline =
                data.hasNonNull("deadline") ? parseDeadline(data.get("deadline").asText()) : null;
        return new IntakeDecision.Create(
                new NewJob(jobId, JobState.ACCEPTED, provider, canonical, fingerprint, labels, deadline, null, null));
    }

    private record Rejection(String code, String message) {}

    private Rejection check(ObjectNode data, JsonNode providerNode, String provider) {
        if (provider == null) {
            String given = providerNode == null || providerNode.isNull()
                    ? "it is missing"
                    : providerNode.isTextual()
                            ? "not '" + clip(providerNode.asText()) + "'"
                            : "it is a JSON "
                                    + providerNode.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                                    + ", not a string";
            return new Rejection(
                    RejectionCodes.UNKNOWN_PROVIDER,
                    "provider must be one of "
                            + ProviderNames.ALL.stream().sorted().toList() + "; " + given);
        }
        String badNumber = CanonicalJson.outOfRange(data, "");
        if (badNumber != null) {
            return new Rejection(
                    RejectionCodes.NUMBER_OUT_OF_RANGE,
                    (badNumber.isEmpty() ? "request" : badNumber.substring(1))
                            + ": a number with more than " + CanonicalJson.MAX_DIGITS
                            + " digits before or after the decimal point is out of the range Kiln accepts");
        }
        List<String> problems = schemas.jobRequestedViolations(data);
        if (!problems.isEmpty()) {
            return new Rejection(RejectionCodes.SCHEMA_VIOLATION, summarize(problems));
        }
        if (data.hasNonNull("deadline")) {
            Instant deadline = parseDeadline(data.get("deadline").asText());
            if (deadline == null) {
                return new Rejection(
                        RejectionCodes.INVALID_DEADLINE,
                        "deadline must be an RFC 3339 instant such as 2026-01-31T12:00:00Z");
            }
            if (!deadline.isAfter(clock.instant())) {
                return new Rejection(RejectionCodes.DEADLINE_PASSED, "deadline " + deadline + " has already passed");
            }
        }
        JsonNode images = data.path("input").path("images");
        for (int i = 0; i < images.size(); i++) {
            JsonNode base64 = images.get(i).get("base64");
            if (base64 != null && !isBase64(base64.asText())) {
                return new Rejection(
                        RejectionCodes.INVALID_IMAGE_DATA,
                        "input.images[" + i + "].base64 is not valid base64 (RFC 4648, without a data: prefix)");
            }
        }
        for (int i = 0; i < images.size(); i++) {
            JsonNode url = images.get(i).get("url");
            java.util.Optional<String> refused =
                    url == null ? java.util.Optional.empty() : outbound.refusal(url.asText());
            if (refused.isPresent()) {
                return new Rejection(
                        RejectionCodes.FORBIDDEN_IMAGE_URL,
                        "input.images[" + i + "].url is refused: " + refused.get()
                                + "; Kiln takes image URLs on public hosts only");
            }
        }
        ProviderRequestValidator validator = providerValidators.get(provider);
        if (validator == null) {
            return null;
        }
        JobRequest request;
        try {
            request = json.treeToValue(data, JobRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new Rejection(RejectionCodes.SCHEMA_VIOLATION, "request: " + e.getOriginalMessage());
        }
        List<Violation> violations = validator.validate(request);
        if (violations.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        violations.forEach(v -> lines.add(v.field() + ": " + v.message()));
        return new Rejection(violations.get(0).code(), summarize(lines));
    }

    private static String summarize(List<String> problems) {
        String listed = problems.stream()
                .limit(MAX_LISTED_PROBLEMS)
                .map(p -> clip(p, MAX_PROBLEM_LENGTH))
                .collect(Collectors.joining("; "));
        int more = problems.size() - MAX_LISTED_PROBLEMS;
        return more > 0 ? listed + "; and " + more + " more" : listed;
    }

    /** Caps a caller's value echoed in a message, so no input can make an event or dead letter huge. */
    static String clip(String value) {
        return clip(value, MAX_ECHO_LENGTH);
    }

    static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

    /** The caller's labels, only as many and as long as the schema allows, so a rejected request echoes them too. */
    private String labelsOf(ObjectNode data) {
        JsonNode labels = data.get("labels");
        ObjectNode clean = json.createObjectNode();
        if (labels != null && labels.isObject()) {
            labels.fields().forEachRemaining(e -> {
                if (clean.size() < MAX_LABELS
                        && e.getKey().length() <= MAX_LABEL_KEY
                        && e.getValue().isTextual()
                        && e.getValue().asText().length() <= MAX_LABEL_VALUE) {
                    clean.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return CanonicalJson.write(json, clean);
    }

    private static Instant parseDeadline(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
