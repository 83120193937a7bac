package dev.kiln.events;

/** Channel names of Kiln's Kafka traffic; topic names are configured per channel. */
public final class EventTopics {

    /** In: {@code job.requested} and {@code job.cancel-requested}. Topic default {@code kiln.jobs.requests}. */
    public static final String REQUESTS_CHANNEL = "job-requests";

    /** Out: every transition. Topic default {@code kiln.jobs.events}. */
    public static final String EVENTS_CHANNEL = "job-events";

    /** Out: terminal transitions only. Topic default {@code kiln.jobs.completions}. */
    public static final String COMPLETIONS_CHANNEL = "job-completions";

    /** Out: records that could not become a job, with the reason in headers. Default {@code kiln.jobs.requests.dlq}. */
    public static final String DEAD_LETTER_CHANNEL = "job-requests-dlq";

    /** CloudEvents {@code type} of a request for a new job. */
    public static final String JOB_REQUESTED = "job.requested";

    /** CloudEvents {@code type} of a request to cancel a job. */
    public static final String JOB_CANCEL_REQUESTED = "job.cancel-requested";

    /** CloudEvents {@code source} of every event Kiln emits. */
    public static final String SOURCE = "urn:kiln";

    private EventTopics() {}
}
