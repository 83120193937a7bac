package dev.kiln.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The job event, version 1 (schema: {@code contracts/v1/job-event.schema.json}): the data of every CloudEvent
 * on the events and completions topics. One per transition.
 *
 * @param eventId unique per transition; also the CloudEvent {@code id}, for de-duplication
 * @param type {@code job.<state>}, e.g. {@code job.accepted}, {@code job.rejected}
 * @param sequence the job's version after the transition: 1, 2, 3… per job, without gaps
 * @param previousState null for the first event of a job
 * @param reason why, for rejections, failures and cancellations
 * @param details state-specific data (provider task id, progress, artifacts…); absent when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
        UUID eventId,
        String type,
        String jobId,
        long sequence,
        String state,
        String previousState,
        String provider,
        String step,
        Instant occurredAt,
        Map<String, String> labels,
        Reason reason,
        ObjectNode details) {

    /** A machine-readable code and a message a person can act on. */
    public record Reason(String code, String message) {}
}
