package dev.kiln.reconcile;

import dev.kiln.work.WorkItem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The words of reconciliation's events: what happened to the create call, and what a person can do about it.
 * They carry times, attempts, step and the adapter's own error text (which never holds a key or a token).
 */
final class Reasons {

    private static final int MAX = 300;

    private Reasons() {}

    static String gaveUp(WorkItem item, CreateWindow call, String why) {
        return "The create call of step '" + item.step() + "' (attempt " + item.attempts() + ") at "
                + item.job().provider() + " around " + at(call.from()) + " got no verdict"
                + error(item) + ", and it could not be resolved (" + clip(why) + "). A task may exist at the provider,"
                + " created around " + at(call.from()) + "; it was not resubmitted, to avoid paying twice. Look for it"
                + " in the provider's console and request the job again if there is none.";
    }

    static String byOperator(WorkItem item, CreateWindow call) {
        return "An operator failed the job: the outcome of the create call of step '" + item.step() + "' (attempt "
                + item.attempts() + ") around " + at(call.from()) + " is unknown. A task may exist at the provider;"
                + " it was not resubmitted.";
    }

    static String canceled(WorkItem item, CreateWindow call) {
        return "Canceled while the outcome of the create call of step '" + item.step() + "' (attempt "
                + item.attempts() + ") around " + at(call.from()) + " was unknown; a task may exist at the provider"
                + " and is not tracked.";
    }

    static String neverCreated(WorkItem item, CreateWindow call) {
        return "The provider's listing shows no task from the create call of step '" + item.step() + "' (attempt "
                + item.attempts() + ") around " + at(call.from()) + "; submitted again.";
    }

    static String resubmittedByOperator(WorkItem item, CreateWindow call) {
        return "An operator vouched that the create call of step '" + item.step() + "' (attempt " + item.attempts()
                + ") around " + at(call.from()) + " made no task; submitted again.";
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX ? flat : flat.substring(0, MAX) + "…";
    }

    private static String error(WorkItem item) {
        return item.lastError() == null || item.lastError().isBlank() ? "" : " (" + clip(item.lastError()) + ")";
    }

    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
