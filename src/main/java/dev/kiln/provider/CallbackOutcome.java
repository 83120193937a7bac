package dev.kiln.provider;

/**
 * The adapter's verdict on a callback. An accepted callback is a hint: the tracker confirms it with one
 * status query before acting on it.
 */
public sealed interface CallbackOutcome {

    /**
     * The callback carried a valid proof for this job and step. The hint's task id is null when the provider
     * did not name the task (a Hitem3D failure callback): the job and step in the proof identify it.
     */
    record Accepted(String jobId, TaskSnapshot hint) implements CallbackOutcome {}

    /**
     * The callback is forged, stale or unreadable; answer 4xx and ignore it.
     *
     * @param reason why, without the proof
     * @param unreadable true when the proof held but the body could not be read; false when the proof failed
     */
    record Refused(String reason, boolean unreadable) implements CallbackOutcome {

        /** A callback whose proof of origin failed (or that cannot be accepted at all). */
        public Refused(String reason) {
            this(reason, false);
        }
    }
}
