package dev.kiln.job;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A requested state change: where to, and what to say about it.
 *
 * @param to the next state; must be allowed from the job's current one
 * @param step the step of a multi-step job this concerns, or null to keep the job's current step
 * @param reasonCode a stable code for rejections, failures and cancellations (e.g. {@code CANCELED_BY_CALLER})
 * @param reason a message a person can act on; never a secret
 * @param details state-specific event data (provider task id, progress, artifacts…), or null
 */
public record Transition(JobState to, String step, String reasonCode, String reason, ObjectNode details) {

    public static Transition to(JobState to) {
        return new Transition(to, null, null, null, null);
    }

    public static Transition to(JobState to, String reasonCode, String reason) {
        return new Transition(to, null, reasonCode, reason, null);
    }
}
