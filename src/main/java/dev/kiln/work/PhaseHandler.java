package dev.kiln.work;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

/**
 * The handler of one phase's work items, as a CDI bean: the application starts one {@link WorkWorker} per
 * phase handler it finds, woken by {@link WorkPhase#channel()} and by the extra channels named here.
 */
public interface PhaseHandler extends WorkHandler {

    /** The phase whose items this handles. */
    WorkPhase phase();

    /** More NOTIFY channels that mean items of this phase may be ready (e.g. a freed budget slot). */
    default List<String> wakeChannels() {
        return List.of();
    }

    /**
     * Claims up to {@code room} items for this replica; by default the phase's due items, oldest first. A phase
     * that may only take some of them (dispatch takes no more than its accounts' free slots) says which.
     */
    default Uni<List<WorkItem>> claim(WorkItems items, String owner, int room, Duration lease) {
        return items.claim(phase(), owner, room, lease);
    }
}
