package dev.kiln.reconcile;

import dev.kiln.provider.ListedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Matches a provider's listing to one unknown create call. The listing names no job (Meshy's task objects
 * carry neither our job id nor the input image), so the only tie is time: a task created while our call was in
 * flight, that no other job owns and that no other doubtful call could have made, is ours. Anything less certain
 * is not guessed at.
 */
final class ListingMatch {

    private ListingMatch() {}

    /**
     * Judges the listing.
     *
     * @param ours our create call
     * @param listing the account's most recent tasks of the step, newest first
     * @param limit how many tasks were asked for (fewer back means the listing is the whole history)
     * @param known task ids some job already owns
     * @param others the create calls of other jobs whose task is not known (in flight, unknown, or given up)
     * @param now when the listing was read
     */
    static Verdict judge(
            CreateWindow ours,
            List<ListedTask> listing,
            int limit,
            Set<String> known,
            List<CreateWindow> others,
            Instant now,
            Duration tolerance,
            Duration settle) {
        List<ListedTask> candidates = listing.stream()
                .filter(task -> !known.contains(task.snapshot().task().taskId()))
                .filter(task -> task.createdAt() == null || ours.mayHaveCreatedAt(task.createdAt(), tolerance, settle))
                .toList();
        if (candidates.size() > 1) {
            return new Verdict.Unresolved(candidates.size() + " tasks no job owns were created around then");
        }
        if (candidates.size() == 1) {
            ListedTask task = candidates.get(0);
            if (task.createdAt() == null) {
                return new Verdict.Unresolved("the listing does not say when its tasks were created");
            }
            boolean shared =
                    others.stream().anyMatch(other -> other.mayHaveCreatedAt(task.createdAt(), tolerance, settle));
            if (shared) {
                return new Verdict.Unresolved("another job's create call was in flight when task "
                        + task.snapshot().task().taskId() + " was created");
            }
            return new Verdict.Found(task.snapshot().task().taskId());
        }
        Instant settled = ours.from().plus(settle);
        if (ours.to() != null && ours.to().isAfter(settled)) {
            settled = ours.to();
        }
        if (now.isBefore(settled)) {
            return new Verdict.Unresolved("no task yet, but one may still appear until " + settled);
        }
        if (!covers(listing, limit, ours.from().minus(tolerance))) {
            return new Verdict.Unresolved("the listing does not reach back to the create call");
        }
        return new Verdict.NeverCreated();
    }

    /** Whether the listing holds every task created since {@code since}. */
    private static boolean covers(List<ListedTask> listing, int limit, Instant since) {
        if (listing.size() < limit) {
            return true;
        }
        return listing.stream()
                .map(ListedTask::createdAt)
                .anyMatch(created -> created != null && created.isBefore(since));
    }

    /** What a look at the provider found. */
    sealed interface Verdict {
        /** The task the call created. */
        record Found(String taskId) implements Verdict {}

        /** Proven: the call created no task. */
        record NeverCreated() implements Verdict {}

        /** Not known yet, and why. */
        record Unresolved(String why) implements Verdict {}
    }
}
