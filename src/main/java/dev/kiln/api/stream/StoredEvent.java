package dev.kiln.api.stream;

/**
 * A job event as stored with its transition.
 *
 * @param sequence the job's version after the transition; the SSE {@code id}
 * @param type the CloudEvent type, e.g. {@code job.queued}; the SSE {@code event}
 * @param json the event's data, the same JSON its CloudEvent carries on Kafka; the SSE {@code data}
 * @param terminal whether the job ended with it
 */
record StoredEvent(String jobId, long sequence, String type, String json, boolean terminal) {}
